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
