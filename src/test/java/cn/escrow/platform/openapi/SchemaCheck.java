package cn.escrow.platform.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a JSON value against a schema of the document, for the subset of JSON Schema the service's
 * document uses ($ref, type, required, properties, items, enum, pattern, lengths, date-time): what
 * Redocly's no-invalid-media-type-examples does, without Node. Unknown properties count as errors,
 * because the service refuses them.
 */
final class SchemaCheck {

    private final JsonNode components;

    SchemaCheck(JsonNode document) {
        this.components = document.path("components").path("schemas");
    }

    /** Every way {@code value} breaks {@code schema}, as "path: message"; empty when it fits. */
    List<String> problems(JsonNode schema, JsonNode value) {
        List<String> out = new ArrayList<>();
        check(schema, value, "$", out, new HashSet<>());
        return out;
    }

    private void check(JsonNode schema, JsonNode value, String at, List<String> out, Set<String> seen) {
        if (schema.has("$ref")) {
            String name = schema.get("$ref").asText().replace("#/components/schemas/", "");
            JsonNode target = components.path(name);
            if (target.isMissingNode()) {
                out.add(at + ": $ref to unknown schema " + name);
                return;
            }
            check(target, value, at, out, seen);
        }
        for (JsonNode part : schema.path("allOf")) {
            check(part, value, at, out, seen);
        }
        JsonNode type = schema.get("type");
        if (type != null && !typeFits(type, value)) {
            out.add(at + ": " + value + " is not of type " + type);
            return;
        }
        if (schema.has("enum")) {
            boolean listed = false;
            for (JsonNode option : schema.get("enum")) {
                listed |= option.equals(value);
            }
            if (!listed) {
                out.add(at + ": " + value + " is not one of " + schema.get("enum"));
            }
        }
        if (value.isTextual()) {
            text(schema, value.asText(), at, out);
        }
        if (value.isObject()) {
            object(schema, value, at, out, seen);
        }
        if (value.isArray()) {
            if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
                out.add(at + ": fewer than " + schema.get("minItems") + " items");
            }
            if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
                out.add(at + ": more than " + schema.get("maxItems") + " items");
            }
            if (schema.has("items")) {
                for (int i = 0; i < value.size(); i++) {
                    check(schema.get("items"), value.get(i), at + "[" + i + "]", out, seen);
                }
            }
        }
    }

    private void object(JsonNode schema, JsonNode value, String at, List<String> out, Set<String> seen) {
        for (JsonNode required : schema.path("required")) {
            if (!value.has(required.asText())) {
                out.add(at + ": required property " + required.asText() + " is missing");
            }
        }
        JsonNode properties = schema.path("properties");
        if (!properties.isObject()) {
            return;
        }
        Iterator<String> names = value.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!properties.has(name)) {
                if (!schema.path("additionalProperties").asBoolean(false)) {
                    out.add(at + "." + name + ": not a property of the schema (the service refuses unknown fields)");
                }
            } else if (!value.get(name).isNull()) {
                check(properties.get(name), value.get(name), at + "." + name, out, seen);
            }
        }
    }

    private static void text(JsonNode schema, String text, String at, List<String> out) {
        int length = text.codePointCount(0, text.length());
        if (schema.has("minLength") && length < schema.get("minLength").asInt()) {
            out.add(at + ": shorter than " + schema.get("minLength"));
        }
        if (schema.has("maxLength") && length > schema.get("maxLength").asInt()) {
            out.add(at + ": longer than " + schema.get("maxLength"));
        }
        if (schema.has("pattern") && !Pattern.compile(schema.get("pattern").asText()).matcher(text).find()) {
            out.add(at + ": \"" + text + "\" does not match " + schema.get("pattern").asText());
        }
        try {
            switch (schema.path("format").asText("")) {
                case "date-time" -> OffsetDateTime.parse(text);
                case "date" -> LocalDate.parse(text);
                default -> { }
            }
        } catch (DateTimeParseException e) {
            out.add(at + ": \"" + text + "\" is not a " + schema.get("format").asText());
        }
    }

    private static boolean typeFits(JsonNode type, JsonNode value) {
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (typeFits(t, value)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.asText()) {
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "array" -> value.isArray();
            case "object" -> value.isObject();
            case "null" -> value.isNull();
            default -> true;
        };
    }
}
