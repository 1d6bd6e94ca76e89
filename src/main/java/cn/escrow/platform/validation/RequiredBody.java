package cn.escrow.platform.validation;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.NotNull;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A request body that must be there: a missing one is 400 validation-failed, "a JSON body is required". */
@Documented
@NotNull
@ReportAsSingleViolation
@Constraint(validatedBy = {})
@Target({ElementType.PARAMETER, ElementType.FIELD})
@Retention(RetentionPolicy.RUNTIME)
public @interface RequiredBody {
    String message() default "{cn.escrow.platform.validation.RequiredBody.message}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
