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

/** The JSON body of a request that needs one: an empty body is a 400 saying so. */
@Documented
@NotNull
@ReportAsSingleViolation
@Constraint(validatedBy = {})
@Target({ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
public @interface RequiredBody {
    String message() default "a JSON body is required";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
