package org.linkdedup.objfile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.linkdedup.link.InputMember;
import org.linkdedup.testing.Fixtures;

/**
 * What llvm-nm says a file's members define and reference, per member name (members sharing a name
 * are merged, as {@code llvm-nm -A} prints them), and the members it reported an error for.
 */
final class NmOracle {
    /** External defined names and undefined names of one member. */
    record Names(Set<String> defined, Set<String> undefined) {
        Names() {
            this(new HashSet<>(), new HashSet<>());
        }
    }

    final Map<String, Names> byMember = new TreeMap<>();
    final Set<String> failed = new HashSet<>();

    private Names at(String member) {
        return byMember.computeIfAbsent(member, k -> new Names());
    }

    /** {@code NM -A --extern-only --defined-only} and {@code --undefined-only}, plus {@code extra} options. */
    static NmOracle run(String nm, Path file, String... extra) {
        NmOracle o = new NmOracle();
        for (boolean defined : new boolean[] {true, false}) {
            List<String> cmd = new ArrayList<>(List.of(nm, "-A", "--extern-only", defined ? "--defined-only" : "--undefined-only"));
            cmd.addAll(List.of(extra));
            cmd.add(file.toString());
            Fixtures.ProcessResult r = Fixtures.run(Fixtures.projectRoot(), cmd.toArray(String[]::new));
            String prefix = file + ":";
            for (String line : r.stdout().split("\n")) {
                if (!line.startsWith(prefix)) {
                    continue;
                }
                String rest = line.substring(prefix.length());
                String member = "-";
                int colon = rest.indexOf(": ");
                if (colon >= 0 && !rest.startsWith(" ")) {
                    member = rest.substring(0, colon);
                    rest = rest.substring(colon + 2);
                }
                String name = nameOf(rest.trim());
                (defined ? o.at(member).defined() : o.at(member).undefined()).add(name);
            }
            Matcher m = Pattern.compile("error: " + Pattern.quote(file.toString()) + "\\((.*)\\): ").matcher(r.stderr());
            while (m.find()) {
                o.failed.add(m.group(1));
            }
        }
        return o;
    }

    /**
     * The name in {@code [ADDRESS] TYPE NAME}, or a bare {@code NAME} (llvm-nm prints Mach-O undefined
     * symbols without a type); an indirect symbol's {@code (indirect for X)} note is dropped.
     */
    static String nameOf(String rest) {
        String[] t = rest.split(" ", 3);
        String name = t.length == 1 ? t[0] : t[0].length() == 1 ? rest.substring(2) : t.length == 3 ? t[2] : t[1];
        int note = name.indexOf(" (indirect for ");
        return note < 0 ? name : name.substring(0, note);
    }

    /** Our readers' view, members whose symbols came from {@code source} only. */
    static NmOracle ours(List<InputMember> members, SymbolSource source) {
        NmOracle o = new NmOracle();
        for (InputMember m : members) {
            if (m.source() != source) {
                continue;
            }
            Names n = o.at(m.name() == null ? "-" : m.name());
            for (Symbol s : m.symbols()) {
                if (s.isUndefined()) {
                    n.undefined().add(s.name());
                } else if (s.isExternal()) {
                    n.defined().add(s.name());
                }
            }
        }
        return o;
    }

    /** Mismatches between {@code ours} and this oracle on the members {@code ours} holds and {@code use} accepts. */
    List<String> compare(NmOracle ours, java.util.function.Predicate<String> use) {
        List<String> out = new ArrayList<>();
        for (var e : ours.byMember.entrySet()) {
            if (!use.test(e.getKey())) {
                continue;
            }
            Names want = byMember.getOrDefault(e.getKey(), new Names());
            diff(out, e.getKey() + " defined", e.getValue().defined(), want.defined());
            diff(out, e.getKey() + " undefined", e.getValue().undefined(), want.undefined());
        }
        return out;
    }

    private static void diff(List<String> out, String what, Set<String> ours, Set<String> theirs) {
        if (!ours.equals(theirs)) {
            out.add(what + ": ours only " + ours.stream().filter(x -> !theirs.contains(x)).sorted().limit(5).toList()
                    + ", llvm-nm only " + theirs.stream().filter(x -> !ours.contains(x)).sorted().limit(5).toList());
        }
    }
}
