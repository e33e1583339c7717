package org.linkdedup.analysis;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Member names as rustc 1.95 and its ThinLTO packaging write them (taken from the perry fixtures' archives). */
class CodegenUnitTest {
    private static CodegenUnit unit(String name) {
        return CodegenUnit.of(name).orElseThrow(() -> new AssertionError("not read as a codegen unit: " + name));
    }

    @Test
    void numberedUnitsAndTheirThinLtoPackaging() {
        CodegenUnit w = unit("perry_runtime-05c1d5003c5b9d14.perry_runtime.2dc4fba05f267bd3-cgu.0.rcgu.o");
        assertEquals(new CodegenUnit("perry_runtime", "05c1d5003c5b9d14", "2dc4fba05f267bd3", "cgu.0"), w);
        assertEquals("perry_runtime cgu.0", w.key());
        CodegenUnit s = unit("perry_stdlib-de91d88e29d99348.perry_runtime-05c1d5003c5b9d14.perry_runtime.2dc4fba05f267bd3-cgu.0.rcgu.o.rcgu.o");
        assertEquals(w, s);
        assertEquals(new CodegenUnit("perry_stdlib", "de91d88e29d99348", "321afa418b79195a", "cgu.0"),
                unit("perry_stdlib-de91d88e29d99348.perry_stdlib.321afa418b79195a-cgu.0.rcgu.o"));
        assertEquals("cgu.042", unit("compiler_builtins-27cfc16bdf3bb694.compiler_builtins.b6d1e0f2c4a3b5d7-cgu.042.rcgu.o").unit());
        // plain rustc: no disambiguator
        assertEquals(new CodegenUnit("mini", "", "1a2b", "cgu.3"), unit("mini.mini.1a2b-cgu.3.rcgu.o"));
    }

    @Test
    void opaqueUnitsOfIncrementalBuildsAndTheirPackaging() {
        CodegenUnit w = unit("perry_runtime-16aa33e890af3b31.dcbpzz20fjeegayqk8lp57cla.1y7qe44.rcgu.o");
        assertEquals(new CodegenUnit("perry_runtime", "16aa33e890af3b31", "1y7qe44", "dcbpzz20fjeegayqk8lp57cla"), w);
        assertEquals("perry_runtime dcbpzz20fjeegayqk8lp57cla", w.key());
        // ThinLTO packaging of an incremental build adds its own hash before the last .rcgu.o
        assertEquals(w, unit("perry_stdlib-1d3f9b31beca8162.perry_runtime-16aa33e890af3b31.dcbpzz20fjeegayqk8lp57cla.1y7qe44.rcgu.o.17ha6bz.rcgu.o"));
        // the allocator shim: one opaque part, no unit hash
        CodegenUnit shim = unit("perry_ext_http-6194f89c5243c3bb.48ukhzwdflssr2f1gh5yqqzw9.rcgu.o");
        assertEquals(new CodegenUnit("perry_ext_http", "6194f89c5243c3bb", "", "48ukhzwdflssr2f1gh5yqqzw9"), shim);
        assertEquals("6194f89c5243c3bb", shim.graph());
        assertFalse(w.sameGraph(unit("perry_runtime-97b795f353271813.dcbpzz20fjeegayqk8lp57cla.0aaaaaa.rcgu.o")));
    }

    @Test
    void directoriesInMemberNamesAreNotPartOfTheUnit() {
        CodegenUnit u = unit("perry_runtime-05c1d5003c5b9d14.perry_runtime.2dc4fba05f267bd3-cgu.0.rcgu.o");
        assertEquals(u, unit("../objs/perry_runtime-05c1d5003c5b9d14.perry_runtime.2dc4fba05f267bd3-cgu.0.rcgu.o"));
        assertEquals(u, unit("C:\\build\\deps\\perry_runtime-05c1d5003c5b9d14.perry_runtime.2dc4fba05f267bd3-cgu.0.rcgu.o"));
        assertEquals("x.o", CodegenUnit.baseName("a/b\\x.o"));
    }

    @Test
    void otherMembersAreNotUnits() {
        for (String name : new String[] {"45c91108d938afe8-absvdi2.o", "main.o", "lib.rmeta", "foo.rcgu.o", null,
                "perry_runtime-05c1d5003c5b9d14.short.rcgu.o", "perry_runtime-05c1.perry_runtime.2dc4-cgu.x.rcgu.o",
                "perry_runtime-05c1d5003c5b9d14.perry_runtime.2dc4fba05f267bd3-cgu.0.rcgu.o.bak"}) {
            assertEquals(Optional.empty(), CodegenUnit.of(name), name);
        }
    }
}
