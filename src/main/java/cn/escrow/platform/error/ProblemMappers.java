package cn.escrow.platform.error;

import cn.escrow.platform.http.BodyLimit;
import cn.escrow.platform.security.Callers;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InstanceHandle;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure into an RFC 9457 problem body with one of the interface's slugs. No stack
 * trace, SQL or class name reaches a caller; unexpected failures are logged here with their trace.
 */
public class ProblemMappers {

    private final BodyLimit bodyLimit;

    public ProblemMappers(BodyLimit bodyLimit) {
        this.bodyLimit = bodyLimit;
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return e.problem().toResponse();
    }

    @ServerExceptionMapper
    public Response constraintViolations(ConstraintViolationException e) {
        List<Problem.Violation> violations = e.getConstraintViolations().stream()
                .map(v -> new Problem.Violation(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.Violation::field).thenComparing(Problem.Violation::message))
                .collect(Collectors.toList());
        return Problem.invalid("The request breaks " + violations.size() + " field rule(s)", violations).toResponse();
    }

    @ServerExceptionMapper
    public Response jsonParse(JsonParseException e) {
        return Problem.of(ProblemType.MALFORMED_REQUEST, "The body is not parseable JSON").toResponse();
    }

    @ServerExceptionMapper
    public Response jsonMismatch(MismatchedInputException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response jsonInvalidFormat(InvalidFormatException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response jsonUnknownField(UnrecognizedPropertyException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response jsonMapping(JsonMappingException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response jsonProcessing(JsonProcessingException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return new Unauthenticated().problem().toResponse();
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        // A credential check that could not reach the database is an outage, not a wrong password.
        Response outage = e.getCause() == null ? null : fromChain(e.getCause());
        return outage != null ? outage : new Unauthenticated().problem().toResponse();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        if (Callers.mustChangePassword(currentIdentity())) {
            // Such a person holds no role until the password is changed: say why, not just "forbidden".
            return new PasswordChangeRequired().problem().toResponse();
        }
        return Problem.of(ProblemType.FORBIDDEN, "Your role does not allow this").toResponse();
    }

    /** The request's identity, already resolved when a role check refused it; null if there is none to read. */
    private static SecurityIdentity currentIdentity() {
        try {
            InstanceHandle<CurrentIdentityAssociation> identities = Arc.container().instance(CurrentIdentityAssociation.class);
            return identities.isAvailable() ? identities.get().getIdentity() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        Throwable cause = e.getCause();
        if (cause != null && cause != e && !(cause instanceof WebApplicationException)) {
            Response mapped = fromChain(cause);
            if (mapped != null) {
                return mapped;
            }
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status == 404 && cause instanceof IllegalArgumentException) {
            // JAX-RS answers 404 when a query or path parameter does not convert; it is a bad request.
            return Problem.invalid("A parameter has an invalid value",
                    List.of(new Problem.Violation("query", "a parameter is not of the expected type or value"))).toResponse();
        }
        Response response = switch (status) {
            case 400 -> Problem.of(ProblemType.MALFORMED_REQUEST, "The request cannot be read").toResponse();
            case 401 -> new Unauthenticated().problem().toResponse();
            case 403 -> Problem.of(ProblemType.FORBIDDEN, "Your role does not allow this").toResponse();
            case 404 -> Problem.of(ProblemType.NOT_FOUND, "No such resource").toResponse();
            case 405 -> Problem.of(ProblemType.METHOD_NOT_ALLOWED, "This method is not allowed here").toResponse();
            case 406 -> Problem.of(ProblemType.NOT_ACCEPTABLE, "Responses are application/json").toResponse();
            case 413 -> Problem.of(ProblemType.PAYLOAD_TOO_LARGE, bodyLimit.detail()).toResponse();
            case 415 -> Problem.of(ProblemType.UNSUPPORTED_MEDIA_TYPE, "Send application/json").toResponse();
            default -> unexpected(e);
        };
        if (status == 405 && e.getResponse() != null && e.getResponse().getHeaderString(HttpHeaders.ALLOW) != null) {
            return Response.fromResponse(response).header(HttpHeaders.ALLOW, e.getResponse().getHeaderString(HttpHeaders.ALLOW)).build();
        }
        return response;
    }

    @ServerExceptionMapper
    public Response anything(Throwable e) {
        Response mapped = fromChain(e);
        return mapped != null ? mapped : unexpected(e);
    }

    /** Finds a cause we know how to answer: a domain problem, a JSON error or a database condition. */
    static Response fromChain(Throwable e) {
        Response found = fromCauses(e);
        // A failed commit (Narayana's RollbackException) carries the driver's error only as a suppressed
        // exception: without this, a commit cut off by a database restart answered 500, not 503.
        for (Throwable t = e; found == null && t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (Throwable s : t.getSuppressed()) {
                found = found != null ? found : fromCauses(s);
            }
        }
        return found;
    }

    private static Response fromCauses(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ProblemException p) {
                return p.problem().toResponse();
            }
            if (t instanceof JsonParseException) {
                return Problem.of(ProblemType.MALFORMED_REQUEST, "The body is not parseable JSON").toResponse();
            }
            if (t instanceof JsonProcessingException j) {
                return json(j);
            }
            if (t instanceof SQLException sql) {
                return fromSql(sql);
            }
        }
        return null;
    }

    private static Response fromSql(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.equals("23505")) {
            return Problem.of(ProblemType.CONFLICT, "A record with this unique key already exists").toResponse();
        }
        if (state.equals("23503")) {
            return Problem.of(ProblemType.UNKNOWN_REFERENCE, "The request names a record that does not exist").toResponse();
        }
        if (state.startsWith("23") || state.startsWith("22")) {
            return Problem.invalid("The request breaks a data rule", List.of()).toResponse();
        }
        if (state.startsWith("08") || state.startsWith("57P") || state.startsWith("53") || state.isEmpty()) {
            Log.warnf("Database unavailable (SQLState %s): answering 503", state.isEmpty() ? "none" : state);
            return Problem.of(ProblemType.SERVICE_UNAVAILABLE, "The database is unreachable; retry later").toResponse();
        }
        if (state.equals("40001") || state.equals("40P01")) {
            return Problem.of(ProblemType.SERVICE_UNAVAILABLE, "A concurrent change got in the way; retry").toResponse();
        }
        return null;
    }

    private static Response json(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return Problem.invalid("The request has an unknown field",
                    List.of(new Problem.Violation(pathOf(u), "unknown field"))).toResponse();
        }
        if (e instanceof InvalidFormatException f && f.getValue() instanceof String) {
            return Problem.invalid("The request breaks a field rule",
                    List.of(new Problem.Violation(pathOf(f), formatMessage(f)))).toResponse();
        }
        String field = e instanceof JsonMappingException m ? pathOf(m) : "";
        String detail = field.isEmpty() ? "The body is not a JSON object of the expected shape"
                : "Field '" + field + "' has the wrong JSON type";
        return Problem.of(ProblemType.MALFORMED_REQUEST, detail).toResponse();
    }

    private static String formatMessage(InvalidFormatException f) {
        Class<?> target = f.getTargetType();
        if (target != null && target.isEnum()) {
            return "must be one of " + java.util.Arrays.toString(target.getEnumConstants());
        }
        if (target == java.math.BigDecimal.class) {
            return "must be an amount in plain decimal notation, e.g. \"350000.00\"";
        }
        if (target != null && target.getName().startsWith("java.time")) {
            return "must be an ISO-8601 time with an offset, e.g. 2026-11-01T10:00:00+08:00";
        }
        return "has an invalid value";
    }

    private static String pathOf(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    /** The field a violation is about: "amount", "nodes[0].code"; a bare query parameter keeps its own name. */
    private static String fieldOf(ConstraintViolation<?> v) {
        List<String> names = new java.util.ArrayList<>();
        boolean parameterOnly = false;
        for (Path.Node node : v.getPropertyPath()) {
            switch (node.getKind()) {
                case METHOD, RETURN_VALUE, CROSS_PARAMETER -> { }
                case PARAMETER -> {
                    names.clear();
                    names.add(node.getName());
                    parameterOnly = true;
                }
                default -> {
                    if (parameterOnly) {
                        names.clear(); // a body's fields are named without the Java parameter
                        parameterOnly = false;
                    }
                    String name = node.getName() == null ? "" : node.getName();
                    names.add(node.getIndex() != null ? name + "[" + node.getIndex() + "]" : name);
                }
            }
        }
        return String.join(".", names.stream().filter(n -> !n.isEmpty()).toList());
    }

    private static Response unexpected(Throwable e) {
        Log.errorf(e, "Unexpected failure");
        return Problem.of(ProblemType.INTERNAL_ERROR, "An unexpected error occurred; it has been logged").toResponse();
    }
}
