package org.linkdedup.objfile;

import java.util.List;

/**
 * A member whose symbols we do not read: not an object file ({@code lib.rmeta}, text, ...), or an
 * object in a form no reader here decodes ({@link #unreadObject}: a COFF anonymous object that is
 * not {@code /bigobj}, such as MSVC's {@code /GL} objects), whose symbols exist but are unknown.
 *
 * @param description what it is
 * @param object      whether it is an object whose symbols are unknown, as opposed to no object at all
 */
public record OtherFile(String description, boolean object) implements ObjectFile {

    /** A member that is not an object file. */
    public OtherFile(String description) {
        this(description, false);
    }

    /**
     * An object whose symbols we cannot read: its source is {@link SymbolSource#INDEX_ONLY}, so that
     * callers take its defined names from the archive index and its references as unknown.
     */
    public static OtherFile unreadObject(String description) {
        return new OtherFile(description, true);
    }

    @Override
    public SymbolSource source() {
        return object ? SymbolSource.INDEX_ONLY : SymbolSource.NONE;
    }

    @Override
    public List<Symbol> symbols() {
        return List.of();
    }
}
