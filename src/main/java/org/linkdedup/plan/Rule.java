package org.linkdedup.plan;

/** Which rule decided a candidate. */
public enum Rule {
    /** Rule 1: the provider bundles the same codegen unit (member-name containment). */
    PROVIDER_BUNDLES,
    /** Rule 2: every symbol it defines that a staying sibling references is provided by the provider. */
    SIBLING_REFERENCES,
    /**
     * Kept because a staying sibling needs a symbol it defines that the provider's copy of the same
     * unit does not define, though another provider member does: dropping it would bind the sibling
     * to an unrelated unit of the provider (upstream perry #8930).
     */
    OTHER_PROVIDER_UNIT,
    /**
     * Fail-safe: the candidate's own symbols are not read (an object in a form no reader here
     * decodes) and its archive's index lists none for it: what it provides is unknown.
     */
    UNKNOWN_SYMBOLS,
    /** Fail-safe: a staying sibling's references are unknown (index-only member). */
    UNKNOWN_SIBLING_REFERENCES,
    /** --shared-deps: kept because a kept sibling needs a symbol only it defines. */
    NEEDED_BY_KEPT_SIBLING,
    /** Same crate and codegen unit as a provider member, but another crate graph (other hashes). */
    FOREIGN_CRATE_GRAPH,
    /** The wrapper is loaded whole ({@code --whole-archive}, {@code -force_load}): nothing is dropped from it. */
    FORCED_LOAD,
    /**
     * A crate's native object (C or assembly that rustc bundles right after the crate's Rust units) is
     * kept because a Rust unit of the same crate stays: the two halves are one build and travel together.
     */
    KEPT_WITH_CRATE,
    /** A Rust unit is kept because a native object of its crate stays (see {@link #KEPT_WITH_CRATE}). */
    KEPT_WITH_NATIVE,
    /** A crate's native object is kept because the provider neither bundles it nor defines all it defines. */
    NATIVE_NOT_PROVIDED,
    /** The simulated trimmed link would leave a reference unresolved that the original link resolved. */
    LINK_VERIFICATION
}
