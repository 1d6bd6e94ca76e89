package cn.escrow.platform.error;

import java.util.List;

/** A field breaks a rule that Bean Validation alone cannot express (a cross-field or format rule). */
public class ValidationFailed extends ProblemException {
    private final String field;

    public ValidationFailed(String field, String message) {
        super(message);
        this.field = field;
    }

    @Override
    public Problem problem() {
        return Problem.invalid("The request breaks a field rule", List.of(new Problem.Violation(field, getMessage())));
    }
}
