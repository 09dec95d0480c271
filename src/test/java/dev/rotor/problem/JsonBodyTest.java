package dev.rotor.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Deeply nested bodies are a 400 problem before the parser sees them; brackets inside strings do not count. */
class JsonBodyTest {

    private static JsonBody read(String json) {
        return JsonBody.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aThousandOpenBracketsAreABadRequest() {
        var thrown = assertThrows(ProblemException.class, () -> read("[".repeat(1000)));
        assertEquals(400, thrown.problem().status());
        var object = assertThrows(ProblemException.class, () -> read("{\"a\":" + "[".repeat(1000)));
        assertEquals(400, object.problem().status());
    }

    @Test
    void bracketsInsideStringsAreText() {
        String json = "{\"username\":\"" + "[".repeat(500) + "\",\"password\":\"\\\"{{{{\"}";
        assertEquals("[".repeat(500), read(json).requiredString("username", 1000));
        assertEquals(2, JsonBody.depth("{\"a\":[\"]]]]\\\"[[\"]}"));
    }

    @Test
    void nestingUpToTheLimitIsRead() {
        String nested = "{\"a\":" + "[".repeat(JsonBody.MAX_DEPTH - 1) + "]".repeat(JsonBody.MAX_DEPTH - 1) + "}";
        assertEquals(JsonBody.MAX_DEPTH, JsonBody.depth(nested));
        read(nested);
    }
}
