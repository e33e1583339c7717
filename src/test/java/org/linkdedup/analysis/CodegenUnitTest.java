package org.linkdedup.analysis;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.linkdedup.objfile.Symbol;

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

    private static Symbol defined(String name) {
        return new Symbol(name, Symbol.Definition.DEFINED, Symbol.Binding.GLOBAL, Symbol.Type.FUNCTION, 4, 1,
                Symbol.SectionKind.CODE, Symbol.Visibility.DEFAULT, null);
    }

    /** Names from the perry fixture's libperry_runtime.a (rustc 1.95: legacy paths, v0 for the allocator shim). */
    @Test
    void theCrateOfMangledNames() {
        assertEquals("perry_runtime", CodegenUnit.crateOfSymbol("_ZN13perry_runtime10event_pump11wait_driver17hcbb461a820746b38E"));
        assertEquals("perry_runtime", CodegenUnit.crateOfSymbol("__ZN13perry_runtime10event_pump11wait_driver17hcbb461a820746b38E"));
        assertEquals("__rustc", CodegenUnit.crateOfSymbol("_RNvCsfLfy6EI15iL_7___rustc12___rust_alloc"));
        assertEquals("perry_runtime", CodegenUnit.crateOfSymbol("_RNvNtCs1234abcd_13perry_runtime10event_pump6notify"));
        assertNull(CodegenUnit.crateOfSymbol("js_wait_for_event"));
        assertNull(CodegenUnit.crateOfSymbol("_ZN50_$LT$perry_runtime..Foo$u20$as$u20$core..fmt..Debug$GT$3fmt17h0123456789abcdefE"));
        assertNull(CodegenUnit.crateOfSymbol("_ZN99short"));
        assertNull(CodegenUnit.crateOfSymbol("_ZNSt8_Rb_tree9_M_insertEv"), "C++, no Rust hash");
        assertNull(CodegenUnit.crateOfSymbol("_ZN3foo3barEv"), "C++, no Rust hash");
        assertEquals("perry_runtime", CodegenUnit.crateOfSymbol("_ZN13perry_runtime5state17h0123456789abcdefE.llvm.4242"));
    }

    /**
     * A member whose name says nothing (renamed, or {@code ld -r} output) is read from the Rust names
     * it defines: the crate most of them name; the same code of two builds is one unit, and the
     * hashes tell the builds apart.
     */
    @Test
    void membersNamedByTheirSymbolsWhenTheNameSaysNothing() {
        List<Symbol> build1 = List.of(defined("_ZN13perry_runtime10event_pump11wait_driver17hcbb461a820746b38E"),
                defined("_ZN13perry_runtime10event_pump6notify17h052b970096bce5b2E"), defined("js_wait_for_event"),
                defined("_ZN4core3fmt5write17h0000000000000001E"));
        List<Symbol> build2 = List.of(defined("_ZN13perry_runtime10event_pump11wait_driver17h1111111111111111E"),
                defined("_ZN13perry_runtime10event_pump6notify17h2222222222222222E"), defined("js_wait_for_event"),
                defined("_ZN4core3fmt5write17h3333333333333333E"));
        CodegenUnit a = CodegenUnit.of("runtime.o", build1).orElseThrow();
        CodegenUnit b = CodegenUnit.of("objs/runtime-copy.o", build2).orElseThrow();
        assertEquals("perry_runtime", a.crate());
        assertTrue(a.unit().startsWith("symbols:"), a.unit());
        assertEquals(a.key(), b.key());
        assertFalse(a.sameGraph(b));
        assertTrue(a.sameGraph(CodegenUnit.of("elsewhere.o", build1).orElseThrow()));
        // the name wins when it says something; no majority, no crate; C objects name none
        assertEquals("cgu.0", CodegenUnit.of("perry_runtime-05c1d5003c5b9d14.perry_runtime.2dc4fba05f267bd3-cgu.0.rcgu.o", build2)
                .orElseThrow().unit());
        assertEquals(Optional.empty(), CodegenUnit.of("mixed.o", List.of(defined("_ZN13perry_runtime1a17h0000000000000001E"),
                defined("_ZN4core1b17h0000000000000001E"))));
        assertEquals(Optional.empty(), CodegenUnit.of("45c91108d938afe8-absvdi2.o", List.of(defined("__absvdi2"))));
    }
}
