package org.linkdedup.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes one JSON document (pretty, keys in insertion order) and a newline: how every {@code --json}
 * document of {@link PlanJson} and {@link CheckReport} reaches the output.
 *
 * <p>The text is ASCII. Names and paths are bytes, held one char per byte (ISO-8859-1), so every
 * byte from 0x80 up is written as <code>&#92;u00XX</code> with the byte's value: a reader gets the exact
 * bytes back by taking each character's code as a byte, and a name that is not UTF-8 never makes
 * the document invalid.
 */
public final class Json {
    /**
     * The version of every document's layout, its first key {@code schemaVersion}: raised when a key
     * changes meaning or goes away (keys added at the end of an object leave it as it is).
     */
    public static final int SCHEMA_VERSION = 1;

    private Json() {
    }

    public static void write(Object doc, PrintWriter out) throws IOException {
        ObjectMapper m = new ObjectMapper(factory()).enable(SerializationFeature.INDENT_OUTPUT)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        m.writeValue(out, doc);
        out.println();
        out.flush();
    }

    /** The factory of every JSON writer: ASCII only, each byte of a name from 0x80 up as <code>&#92;u00XX</code>. */
    static JsonFactory factory() {
        return JsonFactory.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
    }

    /**
     * A JSON object whose keys keep the order given ({@code key, value, key, value, ...}): every
     * document is byte-stable from run to run ({@code Map.of} orders its keys differently in each JVM).
     */
    static Map<String, Object> object(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values come in pairs");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
