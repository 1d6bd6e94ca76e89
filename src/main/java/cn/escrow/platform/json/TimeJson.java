package cn.escrow.platform.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Times on the wire: only an ISO-8601 string with an offset; epoch numbers and zone-less times are refused. */
public final class TimeJson {

    private TimeJson() {
    }

    public static final class Reader extends JsonDeserializer<OffsetDateTime> {
        @Override
        public OffsetDateTime deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return (OffsetDateTime) ctx.handleUnexpectedToken(OffsetDateTime.class, p);
            }
            String text = p.getText();
            try {
                return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            } catch (DateTimeParseException e) {
                throw new InvalidFormatException(p, "not an ISO-8601 time with offset", text, OffsetDateTime.class);
            }
        }
    }
}
