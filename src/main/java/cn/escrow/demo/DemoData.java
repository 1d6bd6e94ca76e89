package cn.escrow.demo;

import cn.escrow.platform.EscrowConfig;
import cn.escrow.platform.db.AdvisoryLock;
import cn.escrow.platform.db.AdvisoryLocks;
import cn.escrow.platform.security.Caller;
import cn.escrow.platform.validation.CheckCharacters;
import cn.escrow.registry.Contract.LoanType;
import cn.escrow.registry.Enterprise;
import cn.escrow.registry.EnterpriseRepository;
import cn.escrow.registry.Project;
import cn.escrow.registry.RegistryService;
import cn.escrow.registry.RegistryService.NewContract;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.math.BigDecimal;

/**
 * Dev-profile demo registry: when {@code escrow.demo-data.enabled} is set and no enterprise exists,
 * creates one enterprise, one project with its supervised account and three contracts (no loan,
 * commercial loan, provident-fund loan) through the real services, so they are validated and audited.
 */
@ApplicationScoped
public class DemoData {

    static final String ENTERPRISE_NAME = "临川安居置业有限公司";
    static final String PROJECT_NAME = "滨江花园一期";

    void onStart(@Observes StartupEvent event, EscrowConfig config, RegistryService registry, EnterpriseRepository enterprises,
                 AdvisoryLocks locks) {
        if (!config.demoData().enabled()) {
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> {
            // Two instances starting together on one database create the demo registry once.
            locks.acquire(AdvisoryLock.DEMO_DATA);
            if (enterprises.count() > 0) {
                return;
            }
            create(registry);
        });
    }

    private static void create(RegistryService registry) {
        Caller system = Caller.system();
        Enterprise enterprise = registry.createEnterprise(system, ENTERPRISE_NAME,
                CheckCharacters.completeCreditCode("91361002MA35K8QW2"));
        Project project = registry.createProject(system, enterprise.id, PROJECT_NAME,
                "临住建预售许字(2026)第0001号", "抚州市临川区赣东大道88号", "361002");
        registry.openAccount(system, project.id, "CCB", "36050100123400000001",
                ENTERPRISE_NAME + PROJECT_NAME + RegistryService.ACCOUNT_NAME_SUFFIX);
        registry.fileContract(system, new NewContract(project.id, "DEMO-HT-0001", "1栋1单元101", "张伟",
                CheckCharacters.completeResidentId("36100219850312001"),
                money("880000.00"), money("880000.00"), money("0.00"), LoanType.NONE));
        registry.fileContract(system, new NewContract(project.id, "DEMO-HT-0002", "1栋1单元1102", "李娜",
                CheckCharacters.completeResidentId("36100219900725002"),
                money("1260000.00"), money("380000.00"), money("880000.00"), LoanType.COMMERCIAL));
        registry.fileContract(system, new NewContract(project.id, "DEMO-HT-0003", "2栋2单元603", "王芳",
                CheckCharacters.completeResidentId("36100219881108003"),
                money("960000.00"), money("360000.00"), money("600000.00"), LoanType.PROVIDENT_FUND));
        Log.infof("Created the demo registry: enterprise %d, project %d with its supervised account, 3 contracts "
                + "(escrow.demo-data.enabled)", enterprise.id, project.id);
    }

    private static BigDecimal money(String amount) {
        return new BigDecimal(amount);
    }
}
