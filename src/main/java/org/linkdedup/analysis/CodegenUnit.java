package org.linkdedup.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.linkdedup.objfile.Symbol;

/**
 * The Rust codegen unit an archive member holds, read from its name — the one place that knows how
 * rustc names them. Two forms:
 * <ul>
 * <li>numbered (non-incremental builds): {@code CRATE-DISAMBIGUATOR.CRATE.HASH-cgu.N.rcgu.o} (plain
 *     rustc builds omit {@code -DISAMBIGUATOR}); the unit is {@code cgu.N};</li>
 * <li>opaque (incremental builds, cargo's dev profile, and the allocator shim of any build):
 *     {@code CRATE-DISAMBIGUATOR.UNIT.HASH.rcgu.o} or {@code CRATE-DISAMBIGUATOR.UNIT.rcgu.o}, UNIT a
 *     base-36 name of 16 or more characters, HASH the crate's own short hash.</li>
 * </ul>
 * A ThinLTO staticlib renames its copy {@code OUTER-H.<that name>.rcgu.o}: the innermost name is
 * read. Directory parts (a thin archive's member paths, a path-qualified {@code .lib} member) are
 * ignored. Two members hold the same unit when crate and unit match; they come from the same crate
 * graph when the hashes match too.
 *
 * <p>When the name says nothing (an object renamed by a build tool, {@code ld -r} output), the
 * member's Rust symbols may: {@link #of(String, List)} reads the crate from the legacy
 * ({@code _ZN13perry_runtime…17h<hash>E}) and v0 ({@code _RNvCs<disambiguator>_13perry_runtime…})
 * mangled names it defines, the crate that more than half of them name. Such a unit is
 * {@code symbols:<fingerprint>} of the names it defines for other objects (external, not hidden)
 * with their hashes taken out (the same code of any build), its graph a fingerprint of the names as
 * they are (the same build). A copy whose visible names differ (one LTO inlined away) is another unit.
 *
 * @param crate          the crate name
 * @param disambiguator  the {@code -HASH} after the crate name (cargo's metadata hash), or "" when absent
 * @param unitHash       the hash in the unit name, or "" when the name has none (an allocator shim)
 * @param unit           {@code cgu.N}, or the opaque unit name
 */
public record CodegenUnit(String crate, String disambiguator, String unitHash, String unit) {
    private static final Pattern NUMBERED = Pattern.compile(
            "(?<![A-Za-z0-9_])([A-Za-z_][A-Za-z0-9_]*)(?:-([0-9a-z]+))?\\.\\1\\.([0-9a-z]+)-cgu\\.(\\d{1,6})\\.rcgu\\.o");
    private static final Pattern OPAQUE = Pattern.compile(
            "(?<![A-Za-z0-9_])([A-Za-z_][A-Za-z0-9_]*)-([0-9a-f]{16})\\.([0-9a-z]{16,})(?:\\.([0-9a-z]{4,12}))?\\.rcgu\\.o");

    /** The unit named in {@code memberName}, innermost-first for ThinLTO names; empty for other members. */
    public static Optional<CodegenUnit> of(String memberName) {
        if (memberName == null || !memberName.endsWith(".o")) {
            return Optional.empty();
        }
        String name = baseName(memberName);
        Matcher m = NUMBERED.matcher(name);
        if (m.find()) {
            return Optional.of(new CodegenUnit(m.group(1), m.group(2) == null ? "" : m.group(2), m.group(3), "cgu." + m.group(4)));
        }
        m = OPAQUE.matcher(name);
        if (m.find()) {
            return Optional.of(new CodegenUnit(m.group(1), m.group(2), m.group(4) == null ? "" : m.group(4), m.group(3)));
        }
        return Optional.empty();
    }

    private static final String SYMBOLS = "symbols:";
    /** Crate of a legacy mangled path: {@code _ZN} then the first identifier (its length, then it). */
    private static final Pattern LEGACY = Pattern.compile("^_?_ZN(\\d+)");
    /** A v0 crate root: {@code C}, an optional {@code s<base62>_} disambiguator, the identifier's length. */
    private static final Pattern V0_ROOT = Pattern.compile("C(?:s[0-9A-Za-z]*_)?(\\d+)");
    private static final Pattern LEGACY_HASH = Pattern.compile("17h[0-9a-f]{16}E");
    private static final Pattern V0_DISAMBIGUATOR = Pattern.compile("Cs[0-9A-Za-z]*_");

    /**
     * The unit {@code memberName} names ({@link #of(String)}) or, when it names none, the one its
     * defined Rust symbols give; empty when neither says.
     */
    public static Optional<CodegenUnit> of(String memberName, List<Symbol> symbols) {
        Optional<CodegenUnit> byName = of(memberName);
        if (byName.isPresent() || memberName == null || !(memberName.endsWith(".o") || memberName.endsWith(".obj"))) {
            return byName;
        }
        return ofSymbols(symbols);
    }

    /**
     * {@code a} and {@code b} as units that compare: as their names give them when both are
     * {@linkplain #fromSymbols() named}, else both as their symbols give them; empty when one gives none.
     */
    public static Optional<CodegenUnit[]> comparable(CodegenUnit a, List<Symbol> aSymbols, CodegenUnit b, List<Symbol> bSymbols) {
        if (a.fromSymbols() == b.fromSymbols()) {
            return Optional.of(new CodegenUnit[] {a, b});
        }
        Optional<CodegenUnit> sa = a.fromSymbols() ? Optional.of(a) : ofSymbols(aSymbols);
        Optional<CodegenUnit> sb = b.fromSymbols() ? Optional.of(b) : ofSymbols(bSymbols);
        return sa.isPresent() && sb.isPresent() ? Optional.of(new CodegenUnit[] {sa.get(), sb.get()}) : Optional.empty();
    }

    /** Whether this unit was read from a member's symbols rather than its name. */
    public boolean fromSymbols() {
        return unit.startsWith(SYMBOLS);
    }

    /** The unit the Rust symbols among {@code symbols} give (see the class comment), or empty. */
    public static Optional<CodegenUnit> ofSymbols(List<Symbol> symbols) {
        Map<String, Integer> votes = new HashMap<>();
        int mangled = 0;
        List<String> names = new ArrayList<>();
        for (Symbol s : symbols) {
            if (!s.isExternalDefinition() || s.visibility() == Symbol.Visibility.HIDDEN || s.visibility() == Symbol.Visibility.INTERNAL) {
                continue;   // hidden names are the build's own plumbing (ThinLTO's promoted .llvm.N names)
            }
            names.add(s.name());
            String crate = crateOfSymbol(s.name());
            if (crate != null) {
                mangled++;
                votes.merge(crate, 1, Integer::sum);
            }
        }
        String best = null;
        for (Map.Entry<String, Integer> e : votes.entrySet()) {
            if (2 * e.getValue() > mangled) {
                best = e.getKey();
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        names.sort(null);
        StringBuilder code = new StringBuilder();
        StringBuilder build = new StringBuilder();
        for (String n : names) {
            code.append(V0_DISAMBIGUATOR.matcher(LEGACY_HASH.matcher(n).replaceAll("E")).replaceAll("C_")).append('\n');
            build.append(n).append('\n');
        }
        return Optional.of(new CodegenUnit(best, "", fingerprint(build), SYMBOLS + fingerprint(code)));
    }

    /**
     * Whether {@code name} is part of the allocator shim rustc generates into every staticlib, cdylib
     * and executable it links: v0 names in rustc's own {@code __rustc} crate
     * ({@code __rustc::__rust_alloc}, {@code __rustc::__rust_alloc_error_handler}, …) and the older
     * unmangled {@code __rust_*} names (Mach-O's extra {@code _} allowed). Two staticlibs each carry
     * one; the first wins and the others are the same glue, not a stale copy or a stub.
     */
    public static boolean isAllocatorShimSymbol(String name) {
        String n = name.startsWith("___rust_") ? name.substring(1) : name;
        return n.startsWith("__rust_") || "__rustc".equals(crateOfSymbol(name));
    }

    /**
     * The crate a Rust mangled name ({@code _ZN…17h<hash>E} legacy, {@code _R…} v0; Mach-O's extra
     * {@code _} allowed) starts with, or null; C++ names ({@code _ZN…} without the Rust hash) are not Rust.
     */
    public static String crateOfSymbol(String name) {
        Matcher m = LEGACY.matcher(name);
        if (m.find()) {
            if (!LEGACY_HASH.matcher(name).find()) {
                return null;
            }
            return identifier(name, m.end(), m.group(1), false);
        }
        int r = name.startsWith("_R") ? 2 : name.startsWith("__R") ? 3 : -1;
        if (r < 0) {
            return null;
        }
        m = V0_ROOT.matcher(name);
        return m.find(r) ? identifier(name, m.end(), m.group(1), true) : null;
    }

    /**
     * The identifier of {@code length} characters at {@code at}, when it is a plain one; in v0 an
     * identifier that starts with a digit or {@code _} follows a {@code _} separator.
     */
    private static String identifier(String name, int at, String length, boolean v0) {
        if (v0 && at < name.length() && name.charAt(at) == '_') {
            at++;
        }
        int n;
        try {
            n = Integer.parseInt(length);
        } catch (NumberFormatException e) {
            return null;
        }
        if (n <= 0 || at + n > name.length()) {
            return null;
        }
        String id = name.substring(at, at + n);
        return id.matches("[A-Za-z_][A-Za-z0-9_]*") ? id : null;
    }

    /** 16 hex digits of a 64-bit FNV-1a hash of {@code text}: stable across runs and JVMs. */
    private static String fingerprint(CharSequence text) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < text.length(); i++) {
            h ^= text.charAt(i);
            h *= 0x100000001b3L;
        }
        return String.format("%016x", h);
    }

    /** {@code memberName} without directories ({@code /} or {@code \}): what rustc named the file. */
    public static String baseName(String memberName) {
        int slash = Math.max(memberName.lastIndexOf('/'), memberName.lastIndexOf('\\'));
        return slash < 0 ? memberName : memberName.substring(slash + 1);
    }

    /** Crate and unit: what two copies of the same unit share whatever graph built them. */
    public String key() {
        return crate + " " + unit;
    }

    /** The crate graph's fingerprint: both hashes. */
    public String graph() {
        return disambiguator.isEmpty() ? unitHash : unitHash.isEmpty() ? disambiguator : disambiguator + "/" + unitHash;
    }

    public boolean sameGraph(CodegenUnit o) {
        return disambiguator.equals(o.disambiguator) && unitHash.equals(o.unitHash);
    }
}
