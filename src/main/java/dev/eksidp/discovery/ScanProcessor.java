package dev.eksidp.discovery;

import org.springframework.batch.infrastructure.item.ItemProcessor;

/** Scans one (account, region) unit of a chunk; the chunk's units run concurrently. */
public class ScanProcessor implements ItemProcessor<ScanUnit, ScanResult> {

    private final RegionScanner scanner;

    public ScanProcessor(RegionScanner scanner) {
        this.scanner = scanner;
    }

    @Override
    public ScanResult process(ScanUnit unit) {
        return scanner.scan(unit);
    }
}
