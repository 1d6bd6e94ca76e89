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

/** A bank serial number: 1-64 characters of A-Z a-z 0-9 - _. */
@Documented
@Pattern(regexp = "^[A-Za-z0-9_-]{1,64}$")
@ReportAsSingleViolation
@Constraint(validatedBy = {})
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface SerialNo {
    String message() default "must be 1-64 characters of A-Z a-z 0-9 - _";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
