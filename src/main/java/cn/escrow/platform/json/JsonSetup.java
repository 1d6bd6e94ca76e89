package cn.escrow.platform.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * Strict JSON for a payment API: duplicate keys, unknown fields, floats, nulls for primitives and
 * trailing tokens are refused; money is read and written by {@link MoneyJson}, times by
 * {@link TimeJson}, enum values only by their exact names ({@link StrictEnums}).
 */
@Singleton
public class JsonSetup implements ObjectMapperCustomizer {

    /**
     * Applied after Quarkus's own customizers: the one that registers the Java time module runs at
     * QUARKUS_CUSTOMIZER_PRIORITY, and a module registered later wins, so before this the time
     * module's reader took epoch numbers such as {@code 0} for 1970 instead of {@link TimeJson}.
     */
    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        SimpleModule money = new SimpleModule("money");
        money.addDeserializer(BigDecimal.class, new MoneyJson.Reader());
        money.addSerializer(BigDecimal.class, new MoneyJson.Writer());
        money.addDeserializer(OffsetDateTime.class, new TimeJson.Reader());
        money.setDeserializerModifier(new StrictEnums());
        mapper.registerModule(money);
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
        mapper.disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
        mapper.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        StrictCoercion.apply(mapper);
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(32).maxNumberLength(64).maxStringLength(65_536).build());
    }
}
