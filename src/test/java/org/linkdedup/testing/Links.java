package org.linkdedup.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.linkdedup.link.InputMember;
import org.linkdedup.link.LinkResult;
import org.linkdedup.link.MemberId;

/**
 * Real links of test fixtures through the C driver: GNU ld ({@code cc}), ld.lld ({@code cc -fuse-ld=lld})
 * or another lld ({@code cc -B DIR -fuse-ld=lld} with DIR holding an {@code ld.lld}), and what they
 * report: diagnostics, loaded archive members, and the program's output.
 */
public final class Links {
    private Links() {
    }

    /** Which linker {@code cc} runs. */
    public enum Linker {
        GNU("multiple definition of"),
        LLD("duplicate symbol:");

        final String diagnostic;

        Linker(String diagnostic) {
            this.diagnostic = diagnostic;
        }
    }

    /**
     * The archive members a simulated link loaded, displayed as the real linkers' traces print them
     * ({@code file.a(member)}), for comparing with {@link Result#loaded()}.
     */
    public static Set<String> loadedArchiveMembers(LinkResult r) {
        Set<String> out = new TreeSet<>();
        for (MemberId id : r.loaded()) {
            InputMember m = r.member(id);
            if (m.name() != null) {
                out.add(r.inputs().get(id.input()).fileName() + "(" + m.name() + ")");
            }
        }
        return out;
    }

    /** A finished link: the process, its duplicate diagnostics and the archive members it loaded ({@code file.a(member)}). */
    public record Result(Fixtures.ProcessResult process, int diagnostics, Set<String> loaded) {
        public boolean linked() {
            return process.ok();
        }
    }

    /**
     * Links {@code inputs} into {@code out} with {@code cc}. {@code muldefs} adds {@code -z muldefs}
     * (and then records the loaded members: GNU ld {@code -t -t}, lld {@code --trace}); {@code ldDir}
     * is a directory with an {@code ld.lld} to use instead of the system one (null for the system's).
     */
    public static Result link(Linker linker, Path dir, Path out, boolean muldefs, Path ldDir, List<?> inputs) {
        List<String> cmd = new ArrayList<>(List.of("cc", "-o", out.toString()));
        if (linker == Linker.LLD) {
            if (ldDir != null) {
                cmd.addAll(List.of("-B", ldDir.toString()));
            }
            cmd.addAll(List.of("-fuse-ld=lld", "-Wl,--error-limit=0"));
        }
        if (muldefs) {
            cmd.add("-Wl,-z,muldefs");
            cmd.add(linker == Linker.GNU ? "-Wl,-t,-t" : "-Wl,--trace");
        }
        for (Object in : inputs) {
            cmd.add(in.toString());
        }
        cmd.addAll(List.of("-lpthread", "-ldl", "-lm"));
        Fixtures.ProcessResult r = Fixtures.run(dir, cmd.toArray(String[]::new));
        String all = r.stdout() + r.stderr();
        return new Result(r, count(all, linker.diagnostic), muldefs ? loaded(all, linker) : Set.of());
    }

    /** Archive members named in a trace: {@code (path/lib.a)member} (GNU) or {@code path/lib.a(member)} (lld). */
    private static Set<String> loaded(String text, Linker linker) {
        Set<String> out = new TreeSet<>();
        Pattern p = linker == Linker.GNU ? Pattern.compile("(?m)^\\(([^)]+\\.a)\\)(\\S+)$")
                : Pattern.compile("(?m)^(\\S+\\.a)\\((\\S+)\\)$");
        Matcher m = p.matcher(text);
        while (m.find()) {
            out.add(Path.of(m.group(1)).getFileName() + "(" + m.group(2) + ")");
        }
        return out;
    }

    public static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }

    /** Runs a linked program; its stdout. */
    public static Fixtures.ProcessResult runProgram(Path exe) {
        return Fixtures.run(exe.getParent(), exe.toString());
    }
}
