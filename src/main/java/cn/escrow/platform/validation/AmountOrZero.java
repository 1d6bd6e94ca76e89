package cn.escrow.platform.validation;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A money amount: {@code >= 0}, {@code <= 999999999999.99}, at most 2 decimals. */
@Documented
@DecimalMin(value = "0.00")
@DecimalMax(value = "999999999999.99")
@Digits(integer = 12, fraction = 2)
@ReportAsSingleViolation
@Constraint(validatedBy = {})
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface AmountOrZero {
    String message() default "must be an amount >= 0 and <= 999999999999.99 with at most 2 decimals";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
