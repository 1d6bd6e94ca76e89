package cn.escrow.platform.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import java.io.IOException;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Enum values exactly as named. Jackson on its own trims the text before looking it up, so
 * {@code "LOAN\u0000"} or {@code " CREDIT"} would pass as LOAN and CREDIT, and reads a digit string
 * such as {@code "0"} as the first constant.
 */
final class StrictEnums extends BeanDeserializerModifier {

    @Override
    public JsonDeserializer<?> modifyEnumDeserializer(DeserializationConfig config, JavaType type, BeanDescription beanDesc,
                                                      JsonDeserializer<?> deserializer) {
        return new Exact(deserializer, type.getRawClass());
    }

    private static final class Exact extends DelegatingDeserializer {
        private final Class<?> enumType;
        private final Set<String> names;

        Exact(JsonDeserializer<?> delegate, Class<?> enumType) {
            super(delegate);
            this.enumType = enumType;
            this.names = Arrays.stream(enumType.getEnumConstants()).map(e -> ((Enum<?>) e).name()).collect(Collectors.toSet());
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
            return new Exact(newDelegatee, enumType);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.hasToken(JsonToken.VALUE_STRING) && !names.contains(p.getText())) {
                throw new InvalidFormatException(p, "not one of the enum's names", p.getText(), enumType);
            }
            return super.deserialize(p, ctxt);
        }
    }
}
