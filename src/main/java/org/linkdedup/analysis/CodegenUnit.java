package org.linkdedup.analysis;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Rust codegen unit an archive member holds, read from its name. rustc names a unit's object
 * {@code CRATE-DISAMBIGUATOR.CRATE.HASH-cgu.N.rcgu.o} (plain rustc builds omit {@code -DISAMBIGUATOR});
 * a ThinLTO staticlib renames its copy {@code OUTER-H.<that name>.rcgu.o}. Two members hold the same
 * unit when crate and unit number match; they come from the same crate graph when the hashes match
 * too, which is what member-name containment tests.
 *
 * @param crate          the crate name
 * @param disambiguator  the {@code -HASH} after the crate name (cargo's metadata hash), or "" when absent
 * @param unitHash       the hash in the unit name
 * @param unit           the unit number
 */
public record CodegenUnit(String crate, String disambiguator, String unitHash, int unit) {
    private static final Pattern NAME = Pattern.compile(
            "(?<![A-Za-z0-9_])([A-Za-z_][A-Za-z0-9_]*)(?:-([0-9a-z]+))?\\.\\1\\.([0-9a-z]+)-cgu\\.(\\d{1,6})\\.rcgu\\.o");

    /** The unit named in {@code memberName}, innermost-first for ThinLTO names; empty for other members. */
    public static Optional<CodegenUnit> of(String memberName) {
        if (memberName == null || !memberName.endsWith(".o")) {
            return Optional.empty();
        }
        Matcher m = NAME.matcher(memberName);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(new CodegenUnit(m.group(1), m.group(2) == null ? "" : m.group(2), m.group(3),
                Integer.parseInt(m.group(4))));
    }

    /** Crate and unit number: what two copies of the same unit share whatever graph built them. */
    public String key() {
        return crate + " cgu." + unit;
    }

    /** The crate graph's fingerprint: both hashes. */
    public String graph() {
        return disambiguator.isEmpty() ? unitHash : disambiguator + "/" + unitHash;
    }

    public boolean sameGraph(CodegenUnit o) {
        return disambiguator.equals(o.disambiguator) && unitHash.equals(o.unitHash);
    }
}
