package cn.escrow.platform.validation;

import cn.escrow.platform.security.DivisionScope;
import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Pattern;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** An administrative division code (GB/T 2260): six digits starting with a province's two. */
@Documented
@Pattern(regexp = DivisionScope.CODE_PATTERN)
@ReportAsSingleViolation
@Constraint(validatedBy = {})
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface DivisionCode {
    String message() default "must be a GB/T 2260 division code: six digits starting with a province code (11-82)";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
