package org.linkdedup.link;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.linkdedup.objfile.OtherFile;

class InputMemberTest {

    @Test
    void externalDefinitionsAreTheNonLocalDefinitionsInTableOrder() {
        InputMember m = new InputMember(new MemberId(0, 0), "a.a", "m.o", new OtherFile("synthetic"),
                Synth.parse("U ref", "T text", "t local", "D data", "w weak_ref", "W weak", "V weak_data", "C common",
                        "A abs", "T hidden_text hidden", "T text"), true);
        assertEquals(List.of("text", "data", "weak", "weak_data", "common", "abs", "hidden_text", "text"),
                m.externalDefinitions());
    }
}
