package org.linkdedup.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/** The {@code @file} arguments picocli expanded for a command: files the run reads, which no output may replace. */
final class ResponseFileArgs {
    private ResponseFileArgs() {
    }

    static List<Path> of(CommandSpec spec) {
        List<Path> out = new ArrayList<>();
        ParseResult parsed = spec.commandLine().getParseResult();
        if (parsed == null) {
            return out;
        }
        for (String a : parsed.originalArgs()) {
            if (a.length() > 1 && a.charAt(0) == '@') {
                Path p = Path.of(a.substring(1));
                if (Files.isRegularFile(p)) {
                    out.add(p);
                }
            }
        }
        return out;
    }
}
