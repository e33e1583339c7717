package org.linkdedup.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linkdedup.testing.Cli;
import org.linkdedup.testing.Fixtures;

/** Issue 15: names are bytes; JSON output stays valid, ASCII text that gives every byte back. */
class JsonBytesTest {
    @TempDir
    Path dir;

    /** main.o with one byte of "js_wait_for_event" in its string table replaced by 0xFF (not UTF-8). */
    private Path objectWithNonUtf8Name() throws Exception {
        byte[] b = Files.readAllBytes(Fixtures.small("perry-mini/elf/main.o"));
        byte[] name = "js_wait_for_event\0".getBytes(StandardCharsets.ISO_8859_1);
        int at = indexOf(b, name);
        assertTrue(at > 0, "fixture holds the name");
        b[at + 2] = (byte) 0xff;
        Path p = dir.resolve("main.o");
        Files.write(p, b);
        return p;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (hay[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void symbolsJsonEscapesEveryNonAsciiByte() throws Exception {
        Path o = objectWithNonUtf8Name();
        Cli.Result r = Cli.run("symbols", "--format", "json", o);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().chars().allMatch(c -> c < 0x80), "ASCII only");
        assertTrue(r.out().contains("js\\u00FFwait_for_event") || r.out().contains("js\\u00ffwait_for_event"), r.out());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        String name = doc.findValues("name").stream().map(JsonNode::asText).filter(n -> n.endsWith("wait_for_event")).findFirst().orElseThrow();
        assertArrayEquals("js\u00ffwait_for_event".getBytes(StandardCharsets.ISO_8859_1), name.getBytes(StandardCharsets.ISO_8859_1),
                "each character's code is the byte");
    }

    @Test
    void checkJsonEscapesEveryNonAsciiByte() throws Exception {
        Path o = objectWithNonUtf8Name();
        Cli.Result r = Cli.run("check", "--json", o);
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().chars().allMatch(c -> c < 0x80), "ASCII only");
        assertTrue(r.out().toLowerCase().contains("js\\u00ffwait_for_event"), r.out());
        new ObjectMapper().readTree(r.out());
    }

    private static List<String> keys(JsonNode n) {
        List<String> out = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** Every object's keys come in one documented order, in every JVM (no Map.of, whose order is salted per JVM). */
    @Test
    void documentsKeepTheirKeyOrder() throws Exception {
        List<Object> mini = new java.util.ArrayList<>();
        for (String f : List.of("main.o", "libperry_ext_http.a", "libperry_stdlib.a", "libperry_runtime.a")) {
            mini.add(Fixtures.small("perry-mini/elf/" + f));
        }
        List<Object> check = new java.util.ArrayList<>(List.of("check", "--json"));
        check.addAll(mini);
        Cli.Result c = Cli.run(check.toArray());
        assertEquals(0, c.exit(), c.err());
        JsonNode doc = new ObjectMapper().readTree(c.out());
        assertEquals(List.of("first", "second", "duplicates"), keys(doc.get("topPairs").get(0)));
        assertEquals(List.of("symbol", "existing", "added", "severity"), keys(doc.get("duplicateDefinitions").get(0)));
        assertEquals(List.of("symbol", "referrer"), keys(doc.get("hazards").get(0).get("copies").get(0).get("examples").get(0)));
        List<Object> plan = new java.util.ArrayList<>(List.of("plan", "--json"));
        plan.addAll(mini);
        Cli.Result p = Cli.run(plan.toArray());
        assertEquals(0, p.exit(), p.err());
        JsonNode counts = new ObjectMapper().readTree(p.out()).get("verification").get("duplicates");
        counts.elements().forEachRemaining(n -> assertEquals(List.of("before", "after"), keys(n)));
    }
}
