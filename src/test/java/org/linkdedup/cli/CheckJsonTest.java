package org.linkdedup.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.linkdedup.testing.Cli;

/** Issue 19: check's JSON starts with its schema version, gives failed gates as data, and is the same bytes run after run. */
class CheckJsonTest {
    private static Object[] args(String... head) {
        return Cli.withPerryMini((Object[]) head);
    }

    @Test
    void gateFailuresAreStructuredAndTheDocumentIsStable() throws Exception {
        Cli.Result r = Cli.run(args("check", "--json", "--max-duplicates", "0", "--fail-on-split"));
        assertEquals(1, r.exit(), r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals("schemaVersion", doc.fieldNames().next());
        assertEquals(1, doc.get("schemaVersion").asInt());
        JsonNode failures = doc.get("gateFailures");
        assertEquals(2, failures.size(), failures.toString());
        assertEquals("max-duplicates", failures.get(0).get("kind").asText());
        assertEquals(8, failures.get(0).get("duplicates").asInt());
        assertEquals(0, failures.get(0).get("max").asInt());
        assertEquals("duplicate symbols: 8 > --max-duplicates 0", failures.get(0).get("message").asText());
        assertEquals("split-runtime", failures.get(1).get("kind").asText());
        assertEquals("perry_runtime cgu.0", failures.get(1).get("unit").asText());
        assertEquals(2, failures.get(1).get("copies").size());
        for (int i = 0; i < 3; i++) {
            assertEquals(r.out(), Cli.run(args("check", "--json", "--max-duplicates", "0", "--fail-on-split")).out(), "run " + i);
        }
    }
}
