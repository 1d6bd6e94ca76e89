package cn.escrow.platform.json;

import cn.escrow.platform.error.Problem;
import cn.escrow.platform.error.ProblemException;
import cn.escrow.platform.error.ProblemType;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.io.IOException;
import java.util.Set;

/**
 * Reads a raw JSON body (kept as bytes for signature checks) into a request record and validates
 * it, failing exactly as a framework-read body would: malformed-request or validation-failed.
 */
@ApplicationScoped
public class JsonBodies {

    private final ObjectMapper mapper;
    private final Validator validator;

    public JsonBodies(ObjectMapper mapper, Validator validator) {
        this.mapper = mapper;
        this.validator = validator;
    }

    public <T> T read(byte[] body, Class<T> type) {
        if (body == null || body.length == 0) {
            throw new EmptyBody();
        }
        T value;
        try {
            value = mapper.readValue(body, type);
        } catch (IOException e) {
            throw new UncheckedJson(e);
        }
        if (value == null) {
            throw new EmptyBody();
        }
        Set<ConstraintViolation<T>> violations = validator.validate(value);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return value;
    }

    /** The body is empty or JSON null where an object is required. */
    public static class EmptyBody extends ProblemException {
        EmptyBody() {
            super("A JSON object body is required");
        }

        @Override
        public Problem problem() {
            return Problem.of(ProblemType.MALFORMED_REQUEST, getMessage());
        }
    }

    /** Carries a Jackson failure to the problem mappers, which read its cause. */
    public static class UncheckedJson extends RuntimeException {
        UncheckedJson(IOException cause) {
            super(cause);
        }
    }
}
