package org.linkdedup.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linkdedup.testing.Cli;
import org.linkdedup.testing.Fixtures;
import org.linkdedup.testing.Toolchain;

/** {@code check} on COFF inputs: lld-link is the default model and the summary names it. */
@Toolchain
class CheckCoffTest {
    @TempDir
    Path dir;

    @BeforeEach
    void inputs() throws Exception {
        Fixtures.requireTool("clang-19", "llvm-lib-19");
        Files.writeString(dir.resolve("main.c"), "int f(void); int g(void);\nint main(void) { return f() + g(); }\n");
        Files.writeString(dir.resolve("a.c"), "int f(void) { return 1; }\nint dup(void) { return 3; }\n");
        Files.writeString(dir.resolve("b.c"), "int g(void) { return 2; }\nint f(void) { return 4; }\nint dup(void) { return 5; }\n");
        for (String x : new String[] {"main", "a", "b"}) {
            Fixtures.run(dir, "clang-19", "--target=x86_64-pc-windows-msvc", "-c", x + ".c", "-o", x + ".obj").assertOk();
        }
        Fixtures.run(dir, "llvm-lib-19", "/out:a.lib", "a.obj").assertOk();
        Fixtures.run(dir, "llvm-lib-19", "/out:b.lib", "b.obj").assertOk();
    }

    private Cli.Result check(String... head) {
        Object[] all = new Object[head.length + 3];
        System.arraycopy(head, 0, all, 0, head.length);
        all[head.length] = dir.resolve("main.obj");
        all[head.length + 1] = dir.resolve("a.lib");
        all[head.length + 2] = dir.resolve("b.lib");
        return Cli.run(all);
    }

    @Test
    void coffInputsArePredictedWithLldLinkByDefault() {
        Cli.Result r = check("check");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.lines().get(0).matches("duplicate symbols: 2 \\(linker model lld-link, \\d+ members loaded\\)"),
                r.lines().get(0));
    }

    @Test
    void linkerLldLinkIsAccepted() {
        Cli.Result r = check("check", "--linker", "lld-link", "--max-duplicates", "1");
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.lines().get(0).startsWith("duplicate symbols: 2 (linker model lld-link, "), r.lines().get(0));
        Cli.Result gnu = check("check", "--linker", "gnu");
        assertTrue(gnu.lines().get(0).startsWith("duplicate symbols: 2 (linker model gnu, "), gnu.lines().get(0));
    }
}
