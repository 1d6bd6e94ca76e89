package cn.escrow.registry;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A presale project of an enterprise, with its presale permit and online-signing state. */
@Entity
@Table(name = "project")
public class Project {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "enterprise_id", nullable = false)
    public Long enterpriseId;

    @Column(nullable = false)
    public String name;

    @Column(name = "presale_permit_no", nullable = false, unique = true)
    public String presalePermitNo;

    public String address;

    /** The county-level administrative division (GB/T 2260) the project lies in. */
    @Column(name = "division_code", nullable = false)
    public String divisionCode;

    @Column(name = "signing_enabled", nullable = false)
    public boolean signingEnabled;

    @Column(name = "signing_changed_at", nullable = false)
    public Instant signingChangedAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
