package org.linkdedup.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * Writes one JSON document (pretty, keys in insertion order) and a newline: how every {@code --json}
 * document of {@link PlanJson} and {@link CheckReport} reaches the output.
 */
public final class Json {
    private Json() {
    }

    public static void write(Object doc, PrintWriter out) throws IOException {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        m.writeValue(out, doc);
        out.println();
        out.flush();
    }
}
