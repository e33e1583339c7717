package org.linkdedup.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.io.FileUtils;

/**
 * Runs every command once on a small link so that the build can list the classes they load
 * ({@code -XX:DumpLoadedClassList}) and dump them into a class-data-sharing archive, which
 * {@code bin/linkdedup} then maps at start-up. {@code apply} runs twice with a temporary cache
 * directory (a miss, then a hit), never the user's cache. Not a user command:
 * {@code java -cp linkdedup.jar org.linkdedup.cli.Training MAIN.O WRAPPER.A STDLIB.A RUNTIME.A}.
 */
public final class Training {
    private Training() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Files.createTempDirectory("linkdedup-training-");
        PrintWriter sink = new PrintWriter(Writer.nullWriter());
        try {
            String[][] commands = {
                {"plan"}, {"plan", "--json", "--shared-deps"}, {"apply", "--out-dir", out.toString(), "--cache-dir", out.resolve("cache").toString()},
                {"apply", "--out-dir", out.toString(), "--cache-dir", out.resolve("cache").toString()},
                {"check"}, {"check", "--json", "--linker", "lld", "--why", "main"}, {"symbols"}, {"symbols", "--format", "tsv"},
                {"symbols", "--format", "json", "--all"}, {"exec", "--dry-run", "--", "cc", "-o", out.resolve("a").toString()},
                {"--help"}, {"plan", "--help"}, {"--version"}};
            for (String[] c : commands) {
                String[] full = new String[c.length + args.length];
                System.arraycopy(c, 0, full, 0, c.length);
                System.arraycopy(args, 0, full, c.length, args.length);
                Main.run(sink, sink, c[0].startsWith("-") || c[0].equals("cache") ? c : full);
            }
        } finally {
            FileUtils.deleteDirectory(out.toFile());
        }
    }
}
