package cn.escrow.platform.validation;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Pattern;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A client id or username: 3-64 characters of a-z 0-9 . _ -. */
@Documented
@Pattern(regexp = "^[a-z0-9._-]{3,64}$")
@ReportAsSingleViolation
@Constraint(validatedBy = {})
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface Handle {
    String message() default "must be 3-64 characters of a-z 0-9 . _ -";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
