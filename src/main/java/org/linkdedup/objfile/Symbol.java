package org.linkdedup.objfile;

import java.util.Objects;

/**
 * One symbol-table entry as the linker sees it. Each format maps its own encoding onto these
 * fields and keeps its meaning: a Mach-O common symbol is {@link Definition#COMMON}, not undefined,
 * even though its type is {@code N_UNDF}.
 *
 * @param name       the linker-visible name (ISO-8859-1 decoded bytes), interned
 * @param definition how (or whether) the entry defines the name
 * @param binding    LOCAL, GLOBAL, WEAK (weak definition or weak reference) or UNIQUE
 * @param kind       what the definition is, from its section or type; {@link Kind#NONE} for undefined
 * @param visibility ELF visibility; Mach-O private extern ({@code N_PEXT}) is {@link Visibility#HIDDEN}
 * @param comdat     the COMDAT group (ELF {@code SHT_GROUP} signature) holding the definition, or null
 */
public record Symbol(String name, Definition definition, Binding binding, Kind kind, Visibility visibility,
        String comdat) {

    public Symbol {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(binding, "binding");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(visibility, "visibility");
    }

    public Symbol(String name, Definition definition, Binding binding, Kind kind, Visibility visibility) {
        this(name, definition, binding, kind, visibility, null);
    }

    /** How an entry defines its name. */
    public enum Definition {
        /** A reference: the name must come from elsewhere. */
        UNDEFINED,
        /** Defined in a section of this object. */
        DEFINED,
        /** A tentative (common) definition, merged with others of its name. */
        COMMON,
        /** An absolute value ({@code SHN_ABS}, {@code N_ABS}). */
        ABSOLUTE,
        /** Defined as another name ({@code N_INDR}). */
        INDIRECT
    }

    public enum Binding { LOCAL, GLOBAL, WEAK, UNIQUE }

    /** What a definition is: nm's letter families. */
    public enum Kind {
        NONE, TEXT, DATA, READONLY, BSS, TLS, COMMON, ABSOLUTE, INDIRECT, IFUNC, DEBUG, OTHER
    }

    public enum Visibility { DEFAULT, INTERNAL, HIDDEN, PROTECTED }

    public boolean isUndefined() {
        return definition == Definition.UNDEFINED;
    }

    public boolean isDefined() {
        return definition != Definition.UNDEFINED;
    }

    /** Not local: global, weak or unique — visible to the rest of the link. */
    public boolean isExternal() {
        return binding != Binding.LOCAL;
    }

    public boolean isWeak() {
        return binding == Binding.WEAK;
    }

    /** An external definition: what a linker can bind another object's reference to. */
    public boolean isExternalDefinition() {
        return isDefined() && isExternal();
    }
}
