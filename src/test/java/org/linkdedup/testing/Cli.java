package org.linkdedup.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.linkdedup.cli.Main;

/** Runs linkdedup's command line in-process and captures what it prints. */
public final class Cli {
    private Cli() {
    }

    public record Result(int exit, String out, String err) {
        public List<String> lines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\n"));
        }
    }

    /** {@code head}, then the perry-mini ELF link wrappers first: main.o, the wrapper, stdlib, the runtime. */
    public static Object[] withPerryMini(Object... head) {
        java.nio.file.Path m = Fixtures.small("perry-mini/elf");
        Object[] out = java.util.Arrays.copyOf(head, head.length + 4, Object[].class);
        out[head.length] = m.resolve("main.o");
        out[head.length + 1] = m.resolve("libperry_ext_http.a");
        out[head.length + 2] = m.resolve("libperry_stdlib.a");
        out[head.length + 3] = m.resolve("libperry_runtime.a");
        return out;
    }

    public static Result run(Object... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] a = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            a[i] = args[i].toString();
        }
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), a);
        return new Result(code, out.toString(), err.toString());
    }
}
