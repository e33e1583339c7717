package org.linkdedup.report;

import java.util.List;
import org.linkdedup.objfile.BitcodeObject;
import org.linkdedup.objfile.CoffImport;
import org.linkdedup.objfile.CoffObject;
import org.linkdedup.objfile.MachOObject;
import org.linkdedup.objfile.ObjectFile;
import org.linkdedup.objfile.Symbol;
import org.linkdedup.objfile.Symbol.Type;
import org.linkdedup.objfile.UniversalObject;

/**
 * nm's view of a symbol, derived from the facts a reader keeps: its letter family ({@link Kind}) and
 * its one-letter type, lower case for local symbols and upper case for external ones. ELF, Mach-O
 * and bitcode each have their flavour, as llvm-nm prints them.
 */
public final class NmLetters {
    private NmLetters() {
    }

    /**
     * nm's letter families: what {@code symbols --format json} calls a symbol's {@code kind}. A weak
     * ELF definition that is not an object ({@code STT_OBJECT}) is {@link #OTHER} unless it is code:
     * nm prints it {@code W}, not {@code V}, whatever section holds it.
     */
    public enum Kind {
        NONE, TEXT, DATA, READONLY, BSS, TLS, COMMON, ABSOLUTE, INDIRECT, IFUNC, DEBUG, OTHER
    }

    /** The letter llvm-nm prints for {@code s} of a member read as {@code object}. */
    public static char of(Symbol s, ObjectFile object) {
        Kind k = kind(s, object);
        if (object instanceof CoffObject || object instanceof CoffImport) {
            return coffLetter(s, k, object);
        }
        return machO(object) != null ? machOLetter(s, k) : letter(s, k);
    }

    /** The letter family of {@code s} of a member read as {@code object}. */
    public static Kind kind(Symbol s, ObjectFile object) {
        return switch (s.definition()) {
            case UNDEFINED -> Kind.NONE;
            case COMMON -> Kind.COMMON;
            case ABSOLUTE -> Kind.ABSOLUTE;
            case INDIRECT -> Kind.INDIRECT;
            case DEFINED -> definedKind(s, object);
        };
    }

    private static Kind definedKind(Symbol s, ObjectFile object) {
        MachOObject m = machO(object);
        if (m != null) {
            return s.section() > 0 ? machOKind(s, m.sections().get(s.section() - 1)) : Kind.OTHER;
        }
        if (object instanceof CoffObject || object instanceof CoffImport) {
            return coffKind(s);
        }
        return object instanceof BitcodeObject ? bitcodeKind(s) : elfKind(s);
    }

    /** A COFF definition, by its section's characteristics (an import member's by its import type). */
    private static Kind coffKind(Symbol s) {
        return switch (s.sectionKind()) {
            case CODE -> Kind.TEXT;
            case DATA -> Kind.DATA;
            case READONLY -> Kind.READONLY;
            case BSS -> Kind.BSS;
            case TLS -> Kind.TLS;
            case DEBUG -> Kind.DEBUG;
            case OTHER, NONE -> Kind.OTHER;
        };
    }

    /**
     * COFF as llvm-nm shows it: weak externals {@code W}/{@code w} whatever they alias, an
     * {@code .idata*} section's names {@code i}, {@code s} for a section nm cannot class.
     */
    private static char coffLetter(Symbol s, Kind k, ObjectFile object) {
        if (s.isWeak()) {
            return s.isUndefined() ? 'w' : 'W';
        }
        if (s.isUndefined()) {
            return 'U';
        }
        char c = switch (k) {
            case COMMON -> 'C';
            case TEXT -> 't';
            case DATA, TLS -> 'd';
            case READONLY -> 'r';
            case BSS -> 'b';
            case ABSOLUTE -> 'a';
            case DEBUG -> 'n';
            default -> 's';
        };
        if (object instanceof CoffObject o && s.section() > 0 && o.sections().get(s.section() - 1).name().startsWith(".idata")) {
            c = 'i';
        }
        return c == 'C' || !s.isExternal() ? c : Character.toUpperCase(c);
    }

    /** The thin Mach-O whose symbols {@code object} lists (a universal file lists its first slice's), or null. */
    private static MachOObject machO(ObjectFile object) {
        if (object instanceof MachOObject m) {
            return m;
        }
        if (object instanceof UniversalObject u && !u.slices().isEmpty()) {
            return u.slices().get(0);
        }
        return null;
    }

    /** A definition in a section, by the section: ifuncs apart, and weak non-objects {@link Kind#OTHER}. */
    private static Kind elfKind(Symbol s) {
        if (s.section() == Symbol.RESERVED_SECTION) {
            return Kind.OTHER;
        }
        if (s.type() == Type.IFUNC) {
            return Kind.IFUNC;
        }
        Kind k = switch (s.sectionKind()) {
            case CODE -> Kind.TEXT;
            case DATA -> Kind.DATA;
            case READONLY -> Kind.READONLY;
            case BSS -> Kind.BSS;
            case TLS -> Kind.TLS;
            case DEBUG -> Kind.DEBUG;
            case OTHER, NONE -> Kind.OTHER;
        };
        return s.isWeak() && s.type() != Type.OBJECT && k != Kind.TEXT ? Kind.OTHER : k;
    }

    /**
     * A bitcode definition, by what irsymtab says: code, thread-local or other data. An index-only
     * member's names (type unknown) are {@link Kind#OTHER}.
     */
    private static Kind bitcodeKind(Symbol s) {
        return switch (s.type()) {
            case FUNCTION -> Kind.TEXT;
            case TLS -> Kind.TLS;
            case OBJECT -> Kind.DATA;
            default -> Kind.OTHER;
        };
    }

    /**
     * A Mach-O definition, by its section: nm's data is {@code __DATA,__data} only, and a
     * thread-local zero-fill section is thread-local data, not bss.
     */
    private static Kind machOKind(Symbol s, MachOObject.Section section) {
        return switch (s.sectionKind()) {
            case CODE -> Kind.TEXT;
            case BSS -> section.isThreadLocal() ? Kind.TLS : Kind.BSS;
            case TLS -> Kind.TLS;
            case DEBUG -> Kind.DEBUG;
            case READONLY -> Kind.READONLY;
            case DATA -> section.is("__DATA", "__data") ? Kind.DATA : Kind.OTHER;
            case OTHER, NONE -> Kind.OTHER;
        };
    }

    /**
     * Mach-O as llvm-nm shows it: no weak letters, {@code t}/{@code d}/{@code b} only for code,
     * {@code __DATA,__data} and zero-fill, {@code s} for any other section.
     */
    private static char machOLetter(Symbol s, Kind k) {
        if (s.isUndefined()) {
            return 'U';
        }
        char c = switch (k) {
            case COMMON -> 'C';
            case TEXT -> 't';
            case DATA -> 'd';
            case BSS -> 'b';
            case ABSOLUTE -> 'a';
            case INDIRECT -> 'i';
            default -> 's';
        };
        return c == 'C' || !s.isExternal() ? c : Character.toUpperCase(c);
    }

    /** ELF and bitcode: weak letters {@code v}/{@code w}, {@code u} for GNU unique, {@code i} for ifuncs. */
    private static char letter(Symbol s, Kind k) {
        if (k == Kind.IFUNC) {
            return 'i';
        }
        if (s.binding() == Symbol.Binding.WEAK) {
            char c = OBJECTS.contains(k) ? 'v' : 'w';
            return s.isUndefined() ? c : Character.toUpperCase(c);
        }
        if (s.isUndefined()) {
            return 'U';
        }
        char c = switch (k) {
            case COMMON -> 'C';
            case TEXT -> 't';
            case DATA, TLS -> 'd';
            case READONLY -> 'r';
            case BSS -> 'b';
            case ABSOLUTE -> 'a';
            case INDIRECT, IFUNC -> 'i';
            case DEBUG -> 'N';
            case OTHER -> 's';
            case NONE -> '?';
        };
        if (c == 'C' || c == 'N') {
            return c;
        }
        if (s.binding() == Symbol.Binding.UNIQUE) {
            return 'u';
        }
        return s.isExternal() ? Character.toUpperCase(c) : c;
    }

    /** The families whose weak definitions nm prints {@code V}. */
    private static final List<Kind> OBJECTS = List.of(Kind.DATA, Kind.READONLY, Kind.BSS, Kind.TLS);
}
