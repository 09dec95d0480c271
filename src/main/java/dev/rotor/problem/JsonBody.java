package dev.rotor.problem;

import static dev.rotor.platform.JsonSupport.JSON;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A JSON object request body, read strictly: at most {@link #MAX_BYTES}, valid UTF-8,
 * one object. Every way to get it wrong is a 4xx problem, never a 500.
 */
public final class JsonBody {

    public static final int MAX_BYTES = 16 * 1024;

    /**
     * How deeply arrays and objects may nest. Rotor's bodies are flat objects; the parser's own
     * limit answers with an unchecked error of no particular type, so deeper bodies are refused
     * before it sees them.
     */
    public static final int MAX_DEPTH = 16;

    private final JsonObject json;

    private JsonBody(JsonObject json) {
        this.json = json;
    }

    public static JsonBody read(InputStream in) {
        return read(in, MAX_BYTES);
    }

    /** As {@link #read(InputStream)}, for a body that may be up to {@code maxBytes} (a passkey's response). */
    public static JsonBody read(InputStream in, int maxBytes) {
        byte[] bytes = readLimited(in, maxBytes);
        String text = decodeUtf8(bytes);
        if (depth(text) > MAX_DEPTH) {
            throw ProblemException.badRequest("malformed-body", "The request body is nested deeper than " + MAX_DEPTH + " levels.");
        }
        try (var reader = JSON.createReader(new StringReader(text))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw ProblemException.badRequest("malformed-body", "The request body must be a JSON object.");
            }
            return new JsonBody(value.asJsonObject());
        } catch (JsonException | IllegalStateException e) {
            throw ProblemException.badRequest("malformed-body", "The request body is not valid JSON.");
        }
    }

    /** A required string field, at most {@code maxChars} long. */
    public String requiredString(String field, int maxChars) {
        return optionalString(field, maxChars).orElseThrow(() ->
                ProblemException.badRequest("missing-field", "Field '" + field + "' is required."));
    }

    public Optional<String> optionalString(String field, int maxChars) {
        JsonValue value = json.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        if (value.getValueType() != JsonValue.ValueType.STRING) {
            throw ProblemException.badRequest("invalid-field", "Field '" + field + "' must be a string.");
        }
        String text = ((JsonString) value).getString();
        if (text.length() > maxChars) {
            throw ProblemException.badRequest("field-too-long", "Field '" + field + "' is longer than " + maxChars + " characters.");
        }
        return Optional.of(text);
    }

    public boolean has(String field) {
        return json.containsKey(field);
    }

    public JsonObject json() {
        return json;
    }

    /** The deepest nesting of arrays and objects in {@code text}, brackets inside strings not counted. */
    static int depth(String text) {
        int depth = 0;
        int deepest = 0;
        boolean inString = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '[' || c == '{') {
                deepest = Math.max(deepest, ++depth);
            } else if (c == ']' || c == '}') {
                depth--;
            }
        }
        return deepest;
    }

    private static byte[] readLimited(InputStream in, int maxBytes) {
        if (in == null) {
            throw ProblemException.badRequest("missing-body", "A JSON body is required.");
        }
        try {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new ProblemException(Problem.of("body-too-large", "Payload too large", 413,
                        "The request body is larger than " + maxBytes + " bytes."));
            }
            if (bytes.length == 0) {
                throw ProblemException.badRequest("missing-body", "A JSON body is required.");
            }
            return bytes;
        } catch (IOException e) {
            throw ProblemException.badRequest("unreadable-body", "The request body could not be read.");
        }
    }

    private static String decodeUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw ProblemException.badRequest("invalid-utf8", "The request body is not valid UTF-8.");
        }
    }
}
