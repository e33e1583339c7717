package org.linkdedup.check;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The file of a {@link Baseline}: {@code {"model", "duplicates", "hazards": [...]}}, pretty-printed.
 * Persistence, not a report: the one class outside {@code report} that uses Jackson (the
 * architecture test allows exactly this one).
 */
public final class BaselineFile {
    private BaselineFile() {
    }

    /** Writes {@code b} to {@code file} (a run stages it: see {@code pipeline.Check.writeBaseline}). */
    public static void write(Baseline b, Path file) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("model", b.model());
        doc.put("duplicates", b.duplicates());
        doc.put("hazards", b.hazards());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), doc);
    }

    /** Reads a baseline; a file that is not one is reported with what is wrong. */
    public static Baseline read(Path file) throws IOException {
        JsonNode n;
        if (!java.nio.file.Files.exists(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString());   // a mistyped --baseline: a usage error
        }
        try {
            n = new ObjectMapper().readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": not a baseline written by `linkdedup check --write-baseline`: "
                    + e.getOriginalMessage());
        }
        if (n == null || !n.path("duplicates").canConvertToInt() || !n.path("hazards").isArray()) {
            throw new IOException(file + ": not a baseline written by `linkdedup check --write-baseline`"
                    + " (needs \"duplicates\" and \"hazards\")");
        }
        List<String> hazards = new ArrayList<>();
        n.path("hazards").forEach(h -> hazards.add(h.asText()));
        return new Baseline(n.path("model").asText(""), n.path("duplicates").asInt(), hazards);
    }
}
