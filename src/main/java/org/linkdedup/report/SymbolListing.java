package org.linkdedup.report;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import org.linkdedup.link.InputMember;
import org.linkdedup.link.LoadedInput;
import org.linkdedup.objfile.BitcodeObject;
import org.linkdedup.objfile.ObjectFile;
import org.linkdedup.objfile.OtherFile;
import org.linkdedup.objfile.Symbol;
import org.linkdedup.objfile.SymbolSource;

/**
 * Prints what {@code linkdedup symbols} shows, one input at a time so that output starts before
 * every input is read.
 * <ul>
 * <li>{@code text}: like {@code llvm-nm -A}: {@code FILE(MEMBER): TYPE NAME}; a member whose symbols do
 *     not come from its own native table gets one comment line starting with {@code #} saying where
 *     they came from (bitcode and its producer, the archive index, or not an object).</li>
 * <li>{@code tsv}: {@code FILE<TAB>MEMBER<TAB>D|U<TAB>BINDING<TAB>NAME}; MEMBER is {@code -} for a plain object.</li>
 * <li>{@code json}: one document with every input, member, symbol source and symbol, each symbol with
 *     nm's letter and family and the facts its reader kept (type, size, section).</li>
 * </ul>
 */
public final class SymbolListing {
    public enum Format { TEXT, TSV, JSON }

    private final Format format;
    private final SymbolFilter filter;
    private final Writer out;
    private JsonGenerator json;

    public SymbolListing(Format format, SymbolFilter filter, Writer out) throws IOException {
        this.format = format;
        this.filter = filter;
        this.out = out;
        if (format == Format.JSON) {
            json = Json.factory().createGenerator(out);
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeNumberField("schemaVersion", Json.SCHEMA_VERSION);
            json.writeArrayFieldStart("inputs");
        }
    }

    public void add(LoadedInput input) throws IOException {
        switch (format) {
            case TEXT -> text(input);
            case TSV -> tsv(input);
            case JSON -> json(input);
        }
    }

    public void finish() throws IOException {
        if (json != null) {
            json.writeEndArray();
            json.writeEndObject();
            json.flush();
            out.write('\n');
        }
        out.flush();
    }

    /** One line saying where a member's symbols came from, or null for a native object. */
    public static String sourceNote(ObjectFile o) {
        if (o instanceof BitcodeObject b) {
            if (b.source() == SymbolSource.BITCODE) {
                return "LLVM bitcode symbol table" + (b.producer() == null ? "" : " (producer " + b.producer() + ")");
            }
            return "LLVM bitcode, index-only: defined names from the archive index, undefined names unknown"
                    + (b.note() == null ? "" : " (" + b.note() + ")");
        }
        if (o instanceof OtherFile f) {
            return f.object() ? "object not read, index-only: defined names from the archive index, undefined names unknown ("
                    + f.description() + ")" : "non-object member: " + f.description();
        }
        return null;
    }

    /** Characters gathered before {@link #text} and {@link #tsv} hand them to the writer. */
    private static final int CHUNK = 1 << 16;

    private void text(LoadedInput input) throws IOException {
        // Lines gathered in one builder and written a chunk at a time, not one String per line.
        // Notes (linkdedup's own words, which may hold characters past U+00FF) are written on their own,
        // so that the builder of names and paths stays one byte per char.
        StringBuilder sb = new StringBuilder(CHUNK);
        for (InputMember m : input.members()) {
            String where = m.display();
            String note = sourceNote(m.object());
            if (note != null) {
                out.append(sb);
                sb.setLength(0);
                out.write("# " + where + ": " + note + "\n");
            }
            boolean indexOnly = m.source() == SymbolSource.INDEX_ONLY;
            for (Symbol s : m.symbols()) {
                if (filter.accepts(s)) {
                    sb.append(where).append(": ").append(indexOnly ? '?' : NmLetters.of(s, m.object()))
                            .append(' ').append(s.name()).append('\n');
                    if (sb.length() > CHUNK - 512) {
                        out.append(sb);
                        sb.setLength(0);
                    }
                }
            }
        }
        out.append(sb);
    }

    private void tsv(LoadedInput input) throws IOException {
        StringBuilder sb = new StringBuilder(CHUNK);
        for (InputMember m : input.members()) {
            String prefix = m.file() + '\t' + (m.name() == null ? "-" : m.name()) + '\t';
            for (Symbol s : m.symbols()) {
                if (filter.accepts(s)) {
                    sb.append(prefix).append(s.isUndefined() ? 'U' : 'D').append('\t')
                            .append(s.binding().name()).append('\t').append(s.name()).append('\n');
                    if (sb.length() > CHUNK - 512) {
                        out.append(sb);
                        sb.setLength(0);
                    }
                }
            }
        }
        out.append(sb);
    }

    private void json(LoadedInput input) throws IOException {
        json.writeStartObject();
        json.writeStringField("file", input.display());
        if (input.isArchive()) {
            json.writeObjectFieldStart("archive");
            json.writeStringField("flavor", input.archive().flavor().name().toLowerCase());
            json.writeBooleanField("thin", input.archive().isThin());
            json.writeStringField("index", input.archive().index().kind().memberName());
            json.writeEndObject();
        }
        json.writeArrayFieldStart("members");
        for (InputMember m : input.members()) {
            json.writeStartObject();
            if (m.name() != null) {
                json.writeStringField("name", m.name());
                json.writeNumberField("position", m.id().position());
            }
            json.writeStringField("format", m.object().description());
            json.writeStringField("source", m.source().name().toLowerCase().replace('_', '-'));
            json.writeBooleanField("undefinedKnown", m.undefinedKnown());
            String note = sourceNote(m.object());
            if (note != null) {
                json.writeStringField("note", note);
            }
            json.writeArrayFieldStart("symbols");
            for (Symbol s : m.symbols()) {
                if (!filter.accepts(s)) {
                    continue;
                }
                json.writeStartObject();
                json.writeStringField("name", s.name());
                json.writeStringField("type", m.source() == SymbolSource.INDEX_ONLY ? "?" : String.valueOf(NmLetters.of(s, m.object())));
                json.writeStringField("definition", s.definition().name().toLowerCase());
                json.writeStringField("binding", s.binding().name().toLowerCase());
                json.writeStringField("kind", NmLetters.kind(s, m.object()).name().toLowerCase());
                json.writeStringField("visibility", s.visibility().name().toLowerCase());
                json.writeStringField("symbolType", s.type().name().toLowerCase());
                json.writeNumberField("size", s.size());
                if (s.section() > 0) {
                    json.writeNumberField("section", s.section());
                }
                json.writeStringField("sectionKind", s.sectionKind().name().toLowerCase());
                if (s.comdat() != null) {
                    json.writeStringField("comdat", s.comdat());
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }
}
