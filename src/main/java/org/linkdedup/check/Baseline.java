package org.linkdedup.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a CI gate compares against: the duplicate count and the split-runtime hazards of an earlier
 * {@code check}, as a small JSON file meant to be committed.
 */
public record Baseline(String model, int duplicates, List<String> hazards) {

    public Baseline {
        hazards = List.copyOf(hazards);
    }

    public static Baseline of(CheckResult r) {
        return new Baseline(r.link().model().cliName(), r.link().diagnostics(), r.hazardKeys());
    }

    public void write(Path file) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("model", model);
        doc.put("duplicates", duplicates);
        doc.put("hazards", hazards);
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(tmp.toFile(), doc);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads a baseline; a file that is not one is reported with what is wrong. */
    public static Baseline read(Path file) throws IOException {
        JsonNode n;
        try {
            n = new ObjectMapper().readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
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

    /** Why {@code now} is worse than this baseline, or an empty list. */
    public List<String> regressions(Baseline now) {
        List<String> out = new ArrayList<>();
        if (now.duplicates > duplicates) {
            out.add("duplicate symbols grew from " + duplicates + " to " + now.duplicates);
        }
        for (String h : now.hazards) {
            if (!hazards.contains(h)) {
                out.add("new split-runtime hazard: " + h);
            }
        }
        return out;
    }
}
