package cn.escrow.platform.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Pattern;

/**
 * Money on the wire: read from a JSON string or number by its text (never through floating
 * point), only in plain decimal notation; written as a string with exactly 2 decimals. Range and
 * precision rules are Bean Validation's job ({@code @Amount}), so they answer validation-failed.
 */
public final class MoneyJson {

    private static final Pattern PLAIN_DECIMAL = Pattern.compile("-?[0-9]{1,20}(\\.[0-9]{1,20})?");

    private MoneyJson() {
    }

    public static final class Reader extends JsonDeserializer<BigDecimal> {
        @Override
        public BigDecimal deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            JsonToken token = p.currentToken();
            if (token != JsonToken.VALUE_STRING && token != JsonToken.VALUE_NUMBER_INT
                    && token != JsonToken.VALUE_NUMBER_FLOAT) {
                return (BigDecimal) ctx.handleUnexpectedToken(BigDecimal.class, p);
            }
            String text = p.getText();
            if (!PLAIN_DECIMAL.matcher(text).matches()) {
                throw new InvalidFormatException(p, "not a plain decimal amount", text, BigDecimal.class);
            }
            return new BigDecimal(text);
        }
    }

    public static final class Writer extends JsonSerializer<BigDecimal> {
        @Override
        public void serialize(BigDecimal value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeString(value.setScale(2, RoundingMode.UNNECESSARY).toPlainString());
        }
    }
}
