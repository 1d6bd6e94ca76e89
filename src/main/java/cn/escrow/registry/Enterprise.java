package cn.escrow.registry;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A real-estate developer, identified by its unified social credit code. */
@Entity
@Table(name = "enterprise")
public class Enterprise {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false)
    public String name;

    @Column(name = "credit_code", nullable = false, unique = true, columnDefinition = "bpchar(18)")
    public String creditCode;

    @Column(nullable = false)
    public boolean blacklisted;

    /** The credit grade (A, B, C), changed only through cn.escrow.grading. */
    @Column(nullable = false, insertable = false, updatable = false, columnDefinition = "bpchar(1)")
    public String grade;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
