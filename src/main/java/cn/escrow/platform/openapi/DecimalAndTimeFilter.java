package cn.escrow.platform.openapi;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * Money and times as the service really sends them. Every {@code BigDecimal} is a JSON string in plain
 * decimal notation ({@code cn.escrow.platform.json.MoneyJson}), so a {@code number} in the scanned schemas
 * becomes a reference to one {@code Decimal} schema, and a request amount keeps its own pattern but loses
 * {@code minimum}/{@code maximum} (which JSON Schema applies to numbers only; its description says them).
 * Times get an example with the service's +08:00 offset.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class DecimalAndTimeFilter implements OASFilter {

    static final String DECIMAL = "Decimal";
    static final String DECIMAL_PATTERN = "^-?[0-9]{1,15}([.][0-9]{1,2})?$";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null || openAPI.getComponents().getSchemas() == null) {
            return;
        }
        Map<String, Schema> schemas = openAPI.getComponents().getSchemas();
        for (Schema schema : new ArrayList<>(schemas.values())) {
            visit(schema);
        }
        openAPI.getComponents().addSchema(DECIMAL, OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                .pattern(DECIMAL_PATTERN).examples(List.of("350000.00"))
                .description("A decimal as a JSON string in plain notation, never a JSON number: money in CNY (yuan, "
                        + "2 decimals), areas in m², percentages. Responses always give exactly 2 decimals, e.g. \"350000.00\"; "
                        + "a balance may be negative. Requests may give 0 to 2 decimals."));
        time(schemas.get("OffsetDateTime"), "2026-11-01T10:00:00+08:00",
                "ISO-8601 date and time with an offset. Responses use the service zone (escrow.zone, default Asia/Shanghai, +08:00).");
        time(schemas.get("LocalDate"), "2026-11-01", "ISO-8601 date (yyyy-MM-dd) in the service zone.");
    }

    private static void time(Schema schema, String example, String description) {
        if (schema != null) {
            schema.examples(List.of(example));
            if (schema.getDescription() == null) {
                schema.description(description);
            }
        }
    }

    private static void visit(Schema schema) {
        if (schema == null) {
            return;
        }
        if (schema.getProperties() != null) {
            // The model's maps are read-only views: a property is replaced through addProperty.
            for (Map.Entry<String, Schema> property : new ArrayList<>(schema.getProperties().entrySet())) {
                Schema fixed = decimal(property.getValue());
                if (fixed != property.getValue()) {
                    schema.addProperty(property.getKey(), fixed);
                } else {
                    visit(property.getValue());
                }
            }
        }
        if (schema.getItems() != null) {
            Schema fixed = decimal(schema.getItems());
            if (fixed != schema.getItems()) {
                schema.setItems(fixed);
            } else {
                visit(schema.getItems());
            }
        }
        for (List<Schema> group : List.of(nullToEmpty(schema.getAllOf()), nullToEmpty(schema.getOneOf()), nullToEmpty(schema.getAnyOf()))) {
            group.forEach(DecimalAndTimeFilter::visit);
        }
    }

    /** The schema itself when it is no decimal; else the decimal as the service really reads and writes it. */
    private static Schema decimal(Schema schema) {
        List<Schema.SchemaType> type = schema.getType();
        if (type != null && type.contains(Schema.SchemaType.NUMBER)) {
            Schema ref = Operations.ref(DECIMAL);
            if (schema.getDescription() != null) {
                ref.description(schema.getDescription());
            }
            return ref;
        }
        if (type != null && type.contains(Schema.SchemaType.STRING) && (schema.getMinimum() != null || schema.getMaximum() != null)) {
            String range = (schema.getMinimum() == null ? "" : ">= " + schema.getMinimum().toPlainString())
                    + (schema.getMinimum() != null && schema.getMaximum() != null ? " and " : "")
                    + (schema.getMaximum() == null ? "" : "<= " + schema.getMaximum().toPlainString());
            schema.description((schema.getDescription() == null ? "" : schema.getDescription() + " ")
                    + "A decimal as a JSON string, " + range + ".");
            schema.setMinimum(null);
            schema.setMaximum(null);
        }
        return schema;
    }

    private static List<Schema> nullToEmpty(List<Schema> list) {
        return list == null ? List.of() : list;
    }
}
