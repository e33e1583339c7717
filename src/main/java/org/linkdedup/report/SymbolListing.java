package org.linkdedup.report;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
        if (format == Format.JSON) {
            json(input);
        } else {
            write(render(input));
        }
    }

    /** Whether {@link #render} serves this format (text and tsv), so that inputs can be rendered apart from the writer. */
    public boolean rendersApart() {
        return format != Format.JSON;
    }

    /**
     * The text or tsv lines of {@code input}, for {@link #write}. Touches nothing but the input: any
     * thread may render while another writes.
     */
    public Rendered render(LoadedInput input) {
        Lines out = new Lines();
        if (format == Format.TEXT) {
            text(input, out);
        } else if (format == Format.TSV) {
            tsv(input, out);
        } else {
            throw new IllegalStateException("json is not rendered apart");
        }
        return out.done();
    }

    /** Writes an input's rendered lines: as bytes when the writer takes them, else as chars. */
    public void write(Rendered r) throws IOException {
        if (r.wide != null) {
            out.write(r.wide);
        } else if (out instanceof BytePrintWriter bytes) {
            bytes.writeBytes(r.bytes, 0, r.length);
        } else {
            out.write(new String(r.bytes, 0, r.length, StandardCharsets.ISO_8859_1));
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

    /**
     * One input's lines: chars up to U+00FF as one byte each (names and paths are byte strings, see
     * {@link org.linkdedup.io.ByteStrings}), or, once a char past U+00FF comes (linkdedup's own words in a note), chars.
     */
    public static final class Rendered {
        private final byte[] bytes;
        private final int length;
        private final String wide;

        private Rendered(byte[] bytes, int length, String wide) {
            this.bytes = bytes;
            this.length = length;
            this.wide = wide;
        }
    }

    /** A growing byte buffer of lines that turns to chars when it must ({@link Rendered}). */
    private static final class Lines {
        private byte[] buf = new byte[1 << 14];
        private int n;
        private StringBuilder wide;

        void append(String s) {
            int len = s.length();
            if (wide != null) {
                wide.append(s);
                return;
            }
            if (buf.length - n < len) {
                grow(len);
            }
            byte[] b = buf;
            int at = n;
            for (int i = 0; i < len; i++) {
                char c = s.charAt(i);
                if (c > 0xff) {
                    toChars();
                    wide.append(s);
                    return;
                }
                b[at + i] = (byte) c;
            }
            n = at + len;
        }

        /** A char up to U+00FF. */
        void append(char c) {
            if (wide != null) {
                wide.append(c);
                return;
            }
            if (n == buf.length) {
                grow(1);
            }
            buf[n++] = (byte) c;
        }

        private void grow(int more) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, n + more));
        }

        private void toChars() {
            wide = new StringBuilder(n + 64).append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
            buf = null;
            n = 0;
        }

        Rendered done() {
            return wide != null ? new Rendered(null, 0, wide.toString()) : new Rendered(buf, n, null);
        }
    }

    private void text(LoadedInput input, Lines out) {
        for (InputMember m : input.members()) {
            String where = m.display();
            String note = sourceNote(m.object());
            if (note != null) {
                out.append("# ");
                out.append(where);
                out.append(": ");
                out.append(note);
                out.append('\n');
            }
            boolean indexOnly = m.source() == SymbolSource.INDEX_ONLY;
            for (Symbol s : m.symbols()) {
                if (filter.accepts(s)) {
                    out.append(where);
                    out.append(": ");
                    out.append(indexOnly ? '?' : NmLetters.of(s, m.object()));
                    out.append(' ');
                    out.append(s.name());
                    out.append('\n');
                }
            }
        }
    }

    private void tsv(LoadedInput input, Lines out) {
        for (InputMember m : input.members()) {
            String prefix = m.file() + '\t' + (m.name() == null ? "-" : m.name()) + '\t';
            for (Symbol s : m.symbols()) {
                if (filter.accepts(s)) {
                    out.append(prefix);
                    out.append(s.isUndefined() ? 'U' : 'D');
                    out.append('\t');
                    out.append(s.binding().name());
                    out.append('\t');
                    out.append(s.name());
                    out.append('\n');
                }
            }
        }
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
