package cn.escrow.people;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A person who signs in with HTTP Basic: bcrypt password hash, comma-separated roles, enterprise for ENTERPRISE staff. */
@Entity
@Table(name = "app_user")
public class AppUser {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, unique = true)
    public String username;

    @Column(name = "password_hash", nullable = false)
    public String passwordHash;

    @Column(nullable = false)
    public String roles;

    @Column(name = "enterprise_id")
    public Long enterpriseId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
