package org.linkdedup.exec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Expands {@code @file} arguments the way GCC and Clang drivers (and GNU ld, lld) read them:
 * whitespace separates arguments; single and double quotes group; a backslash escapes the next
 * character. Nested response files are expanded up to a fixed depth, so a file that names itself
 * ends with an error instead of a loop.
 */
public final class ResponseFiles {
    static final int MAX_DEPTH = 16;

    private ResponseFiles() {
    }

    public static List<String> expand(List<String> args, Path cwd) throws IOException {
        return expand(args, cwd, new ArrayList<>());
    }

    /** {@link #expand(List, Path)}, adding every response file it reads to {@code read}. */
    public static List<String> expand(List<String> args, Path cwd, List<Path> read) throws IOException {
        List<String> out = new ArrayList<>();
        expand(args, cwd, out, read, 0);
        return out;
    }

    private static void expand(List<String> args, Path cwd, List<String> out, List<Path> read, int depth) throws IOException {
        for (String a : args) {
            if (a.length() > 1 && a.charAt(0) == '@') {
                Path f = cwd.resolve(a.substring(1));
                if (!Files.isRegularFile(f)) {
                    out.add(a);   // drivers pass an unreadable @name through literally
                    continue;
                }
                if (depth >= MAX_DEPTH) {
                    throw new IOException("response file " + f + " nests deeper than " + MAX_DEPTH + " levels (does it include itself?)");
                }
                read.add(f);
                expand(split(Files.readString(f, StandardCharsets.ISO_8859_1)), cwd, out, read, depth + 1);
            } else {
                out.add(a);
            }
        }
    }

    /** Splits response-file text into arguments (GNU libiberty rules). */
    public static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inArg = false;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                cur.append(text.charAt(++i));
                inArg = true;
            } else if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inArg = true;
            } else if (Character.isWhitespace(c)) {
                if (inArg) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inArg = false;
                }
            } else {
                cur.append(c);
                inArg = true;
            }
        }
        if (inArg) {
            out.add(cur.toString());
        }
        return out;
    }

    /** Quotes one argument for a response file so that {@link #split} gives it back. */
    public static String quote(String arg) {
        StringBuilder sb = new StringBuilder(arg.length() + 2);
        for (int i = 0; i < arg.length(); i++) {
            char c = arg.charAt(i);
            if (c == '\\' || c == '"' || c == '\'' || Character.isWhitespace(c)) {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.length() == 0 ? "\"\"" : sb.toString();
    }

    /**
     * Quotes one argument for a response file read with Windows command-line rules, as lld-link
     * (and link.exe) read theirs: an argument without whitespace or {@code "} is written as it is
     * (a backslash is literal there); else it is put in double quotes, a {@code "} written as
     * {@code \"} and the backslashes before a {@code "} or the closing quote doubled.
     */
    public static String quoteWindows(String arg) {
        if (!arg.isEmpty() && arg.chars().noneMatch(c -> c == '"' || Character.isWhitespace(c))) {
            return arg;
        }
        StringBuilder sb = new StringBuilder(arg.length() + 2).append('"');
        int backslashes = 0;
        for (int i = 0; i < arg.length(); i++) {
            char c = arg.charAt(i);
            if (c == '\\') {
                backslashes++;
                continue;
            }
            sb.append("\\".repeat(c == '"' ? 2 * backslashes + 1 : backslashes));
            backslashes = 0;
            sb.append(c);
        }
        sb.append("\\".repeat(2 * backslashes));
        return sb.append('"').toString();
    }
}
