package org.linkdedup.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * A tiny link made at test time: objects assembled with {@code llvm-mc} from nm-style symbol specs
 * (the letters of {@link Synth}, plus {@code H} hidden or private-extern code and {@code G} code
 * in a COMDAT group named after the symbol), archived with {@code llvm-ar}, then linked by a real
 * linker and simulated by {@link LinkSimulator} on what {@link InputLoader} reads.
 */
final class RealLink {
    /** What to assemble for. */
    enum Target {
        ELF_X86_64("x86_64-linux-gnu", null),
        MACHO_X86_64("x86_64-apple-macos11", "x86_64"),
        MACHO_ARM64("arm64-apple-macos11", "arm64");

        final String triple;
        final String arch;

        Target(String triple, String arch) {
            this.triple = triple;
            this.arch = arch;
        }

        boolean machO() {
            return arch != null;
        }
    }

    /** What a real linker did: the archive members it loaded, displayed {@code A.a(m.o)}, and its diagnostics. */
    record Outcome(Set<String> members, int diagnostics, List<String> reasons, String log) {
    }

    private static final Path LD64_LLD = Path.of("/usr/lib/llvm-14/bin/ld64.lld");
    private final Path dir;
    private final Target target;
    private final List<String> order = new ArrayList<>();

    RealLink(Path dir, Target target) {
        this.dir = dir;
        this.target = target;
    }

    /** The name as it appears in the symbol table (Mach-O prefixes an underscore). */
    String sym(String name) {
        return target.machO() ? "_" + name : name;
    }

    /** Assembles {@code file} and puts it on the link line. */
    RealLink obj(String file, String... specs) {
        member(file, specs);
        order.add(file);
        return this;
    }

    /** Assembles {@code file} for an archive. */
    RealLink member(String file, String... specs) {
        try {
            Path source = dir.resolve(file + ".s");
            Files.writeString(source, assembly(specs), StandardCharsets.ISO_8859_1);
            run(List.of(tool("llvm-mc"), "-filetype=obj", "-triple", target.triple, "-o", file, file + ".s"), 0);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return this;
    }

    /** Archives {@code members} into {@code file} and puts it on the link line. */
    RealLink ar(String file, String... members) {
        List<String> cmd = new ArrayList<>(List.of(tool("llvm-ar"), "rcs"));
        if (target.machO()) {
            cmd.add(1, "--format=darwin");
        }
        cmd.add(file);
        cmd.addAll(List.of(members));
        run(cmd, 0);
        order.add(file);
        return this;
    }

    /** Loads the inputs as linkdedup reads them and simulates the link. */
    LinkResult simulate(LinkOptions options) {
        try {
            List<Path> paths = order.stream().map(dir::resolve).toList();
            return LinkSimulator.simulate(new InputLoader().load(paths), options);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }


    /**
     * GNU ld, twice: with {@code -z muldefs} for the members it loads ({@code -t -t} prints
     * {@code (A.a)m.o} for each) and the {@code -Map} reasons, then without it to count the
     * {@code multiple definition of} diagnostics.
     */
    Outcome gnu(LinkOptions options) {
        List<String> base = List.of(tool("ld"), "-o", "out", "-e", "main", "--unresolved-symbols=ignore-all",
                "-z", "noexecstack");
        String loaded = run(concat(base, List.of("-z", "muldefs", "-t", "-t", "-Map=map.txt"), elfLine(options)), 0);
        Set<String> members = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^\\((.+)\\)(.+)$").matcher(loaded);
        while (m.find()) {
            members.add(m.group(1) + "(" + m.group(2) + ")");
        }
        String errors = run(concat(base, List.of(), elfLine(options)), -1);
        return new Outcome(members, count(errors, "multiple definition of"), mapReasons(read("map.txt")), loaded + errors);
    }

    /**
     * ld.lld, twice: with {@code -z muldefs} for {@code --trace} (every file it loads) and
     * {@code --why-extract}, then with {@code --error-limit=0} to count {@code duplicate symbol:}.
     */
    Outcome lld(LinkOptions options) {
        List<String> base = List.of(tool("ld.lld"), "-o", "out", "-e", "main", "--unresolved-symbols=ignore-all");
        String loaded = run(concat(base, List.of("-z", "muldefs", "--trace", "--why-extract=why.txt"), elfLine(options)), 0);
        String errors = run(concat(base, List.of("--error-limit=0"), elfLine(options)), -1);
        List<String> why = read("why.txt").lines().skip(1).toList();
        return new Outcome(traced(loaded), count(errors, "duplicate symbol:"), why, loaded + errors);
    }

    /** ld64.lld (lld 14), once: {@code -t} prints every file it loads even when the link fails. */
    Outcome ld64lld(LinkOptions options) {
        if (!Files.isExecutable(LD64_LLD)) {
            missing(LD64_LLD.toString());
        }
        List<String> cmd = new ArrayList<>(List.of(LD64_LLD.toString(), "-arch", target.arch, "-platform_version",
                "macos", "11.0", "11.0", "-o", "out", "-e", "_main", "-undefined", "dynamic_lookup", "-t", "-why_load",
                "--error-limit=0"));
        for (int i = 0; i < order.size(); i++) {
            if (options.isWholeArchive(i)) {
                cmd.add("-force_load");
            }
            cmd.add(order.get(i));
        }
        String out = run(cmd, -1);
        List<String> why = out.lines().filter(l -> l.contains(" forced load of ")).toList();
        return new Outcome(traced(out), count(out, "duplicate symbol:"), why, out);
    }

    private List<String> elfLine(LinkOptions options) {
        List<String> line = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
            final int input = i;
            if (options.groups().stream().anyMatch(g -> g.first() == input)) {
                line.add("--start-group");
            }
            if (options.isWholeArchive(i)) {
                line.addAll(List.of("--whole-archive", order.get(i), "--no-whole-archive"));
            } else {
                line.add(order.get(i));
            }
            if (options.groups().stream().anyMatch(g -> g.last() == input)) {
                line.add("--end-group");
            }
        }
        return line;
    }

    /** {@code A.a(m.o)} lines of a trace (lld's {@code --trace}, ld64.lld's {@code -t}). */
    private static Set<String> traced(String out) {
        Set<String> members = new TreeSet<>();
        for (String line : out.lines().toList()) {
            if (line.matches("[^ :]+\\.a\\([^ ]+\\)")) {
                members.add(line);
            }
        }
        return members;
    }

    /**
     * GNU ld's map section "Archive member included to satisfy reference by file (symbol)":
     * {@code MEMBER REFERRER (SYMBOL)} lines, the referrer on the next line when the member's name
     * is long.
     */
    private static List<String> mapReasons(String map) {
        List<String> out = new ArrayList<>();
        List<String> lines = map.lines().toList();
        int i = lines.indexOf("Archive member included to satisfy reference by file (symbol)");
        if (i < 0) {
            return out;
        }
        for (i = i + 2; i < lines.size() && !lines.get(i).isEmpty(); i++) {
            String member = lines.get(i).trim().split("\\s+", 2)[0];
            String rest = lines.get(i).trim().substring(member.length()).trim();
            if (rest.isEmpty() && i + 1 < lines.size()) {
                rest = lines.get(++i).trim();
            }
            out.add(member + " " + rest);
        }
        return out;
    }

    private String assembly(String... specs) {
        StringBuilder s = new StringBuilder();
        for (String spec : specs) {
            String[] w = spec.trim().split("\\s+");
            String n = sym(w[1]);
            s.append(target.machO() ? machO(w[0], n) : elf(w[0], n));
        }
        return s.toString();
    }

    private static String elf(String kind, String n) {
        return switch (kind) {
            case "T" -> ".text\n.globl " + n + "\n.type " + n + ",@function\n" + n + ": ret\n";
            case "D" -> ".data\n.globl " + n + "\n.type " + n + ",@object\n" + n + ": .quad 0\n";
            case "W" -> ".text\n.weak " + n + "\n" + n + ": ret\n";
            case "V" -> ".data\n.weak " + n + "\n" + n + ": .quad 0\n";
            case "C" -> ".comm " + n + ",8,8\n";
            case "U" -> ".data\n.quad " + n + "\n";
            case "w" -> ".weak " + n + "\n.data\n.quad " + n + "\n";
            case "H" -> ".text\n.globl " + n + "\n.hidden " + n + "\n" + n + ": ret\n";
            case "G" -> ".section .text." + n + ",\"axG\",@progbits," + n + ",comdat\n.globl " + n + "\n" + n + ": ret\n";
            default -> throw new IllegalArgumentException("bad symbol kind " + kind);
        };
    }

    private static String machO(String kind, String n) {
        return switch (kind) {
            case "T" -> ".text\n.globl " + n + "\n" + n + ": ret\n";
            case "D" -> ".data\n.globl " + n + "\n" + n + ": .quad 0\n";
            case "W" -> ".text\n.globl " + n + "\n.weak_definition " + n + "\n" + n + ": ret\n";
            case "V" -> ".data\n.globl " + n + "\n.weak_definition " + n + "\n" + n + ": .quad 0\n";
            case "C" -> ".comm " + n + ",8,3\n";
            case "U" -> ".data\n.quad " + n + "\n";
            case "w" -> ".weak_reference " + n + "\n.data\n.quad " + n + "\n";
            case "H" -> ".text\n.globl " + n + "\n.private_extern " + n + "\n" + n + ": ret\n";
            default -> throw new IllegalArgumentException("bad symbol kind for Mach-O " + kind);
        };
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length())) {
            n++;
        }
        return n;
    }

    private static List<String> concat(List<String> a, List<String> b, List<String> c) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        out.addAll(c);
        return out;
    }

    private String read(String file) {
        try {
            Path p = dir.resolve(file);
            return Files.exists(p) ? Files.readString(p, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Runs {@code cmd} in the fixture's directory; {@code expectedExit} -1 for any. Returns stdout and stderr. */
    private String run(List<String> cmd, int expectedExit) {
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("timed out: " + cmd);
            }
            if (expectedExit >= 0) {
                assertEquals(expectedExit, p.exitValue(), () -> String.join(" ", cmd) + "\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The tool's name when it is on PATH; otherwise the test fails on CI and is skipped elsewhere. */
    private static String tool(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String d : path.split(java.io.File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, name))) {
                return name;
            }
        }
        missing(name);
        return name;
    }

    private static void missing(String tool) {
        String message = tool + " is not installed";
        if ("true".equals(System.getenv("CI"))) {
            fail(message + " (required on CI)");
        }
        Assumptions.assumeTrue(false, message + ": skipping");
    }
}
