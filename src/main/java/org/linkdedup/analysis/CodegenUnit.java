package org.linkdedup.analysis;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
