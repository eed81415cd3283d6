//! Names of files and folders made titles, for pages without a heading (render) and for
//! the title `pipebook init` suggests (scaffold): one rule for both.

/// The abbreviations that a name written in lower case spells in capitals when made a
/// title (`sre-guide` is "SRE guide", not "Sre guide"; `ci-cd` is "CI CD"): only those
/// that are no word of their own in English, so that no ordinary word is capitalised
/// (`it`, `us`, `ha`, `id`, `io`, `os` and `nat` are not here). Sorted, for the search.
const ACRONYMS: &[(&str, &str)] = &[
    ("acl", "ACL"),
    ("adr", "ADR"),
    ("adrs", "ADRs"),
    ("ai", "AI"),
    ("aks", "AKS"),
    ("alb", "ALB"),
    ("api", "API"),
    ("apis", "APIs"),
    ("aws", "AWS"),
    ("bgp", "BGP"),
    ("cd", "CD"),
    ("cdn", "CDN"),
    ("ci", "CI"),
    ("cli", "CLI"),
    ("cpu", "CPU"),
    ("crd", "CRD"),
    ("crds", "CRDs"),
    ("csv", "CSV"),
    ("dns", "DNS"),
    ("ebs", "EBS"),
    ("ec2", "EC2"),
    ("ecs", "ECS"),
    ("eks", "EKS"),
    ("elb", "ELB"),
    ("etl", "ETL"),
    ("faq", "FAQ"),
    ("faqs", "FAQs"),
    ("gcp", "GCP"),
    ("gke", "GKE"),
    ("gpu", "GPU"),
    ("http", "HTTP"),
    ("https", "HTTPS"),
    ("iam", "IAM"),
    ("json", "JSON"),
    ("jvm", "JVM"),
    ("jwt", "JWT"),
    ("kms", "KMS"),
    ("ldap", "LDAP"),
    ("mfa", "MFA"),
    ("ml", "ML"),
    ("nfs", "NFS"),
    ("ntp", "NTP"),
    ("oidc", "OIDC"),
    ("oom", "OOM"),
    ("pki", "PKI"),
    ("rbac", "RBAC"),
    ("rds", "RDS"),
    ("s3", "S3"),
    ("saml", "SAML"),
    ("sdk", "SDK"),
    ("sla", "SLA"),
    ("slas", "SLAs"),
    ("sli", "SLI"),
    ("slis", "SLIs"),
    ("slo", "SLO"),
    ("slos", "SLOs"),
    ("smtp", "SMTP"),
    ("sql", "SQL"),
    ("sre", "SRE"),
    ("sres", "SREs"),
    ("ssh", "SSH"),
    ("ssl", "SSL"),
    ("sso", "SSO"),
    ("tcp", "TCP"),
    ("tls", "TLS"),
    ("ttl", "TTL"),
    ("udp", "UDP"),
    ("ui", "UI"),
    ("url", "URL"),
    ("urls", "URLs"),
    ("ux", "UX"),
    ("vm", "VM"),
    ("vms", "VMs"),
    ("vpc", "VPC"),
    ("vpn", "VPN"),
    ("waf", "WAF"),
    ("xml", "XML"),
    ("yaml", "YAML"),
];

/// `word` in capitals when it is one of [`ACRONYMS`] written in lower case.
fn acronym(word: &str) -> Option<&'static str> {
    ACRONYMS
        .binary_search_by(|(lower, _)| (*lower).cmp(word))
        .ok()
        .map(|i| ACRONYMS[i].1)
}

/// A file or folder name as a title: `-` and `_` are spaces, and a first word written in
/// lower case gets a capital (`disk-full_alerts` is "Disk full alerts"); an abbreviation
/// written in lower case is spelled in capitals (`sre-guide` is "SRE guide", see
/// [`ACRONYMS`]). Words in other cases are kept as written (`KubeAPIDown`,
/// `etcdMembersDown`, `API-errors`, `Sre`).
pub fn readable_name(name: &str) -> String {
    let words: Vec<&str> = name
        .split(['-', '_', ' '])
        .filter(|w| !w.is_empty())
        .collect();
    let Some((first, rest)) = words.split_first() else {
        return name.to_string();
    };
    let mut title = String::with_capacity(name.len());
    let mut chars = first.chars();
    match (acronym(first), chars.next()) {
        (Some(caps), _) => title.push_str(caps),
        (None, Some(c)) if !first.chars().any(char::is_uppercase) => {
            title.extend(c.to_uppercase());
            title.push_str(chars.as_str());
        }
        _ => title.push_str(first),
    }
    for w in rest {
        title.push(' ');
        title.push_str(acronym(w).unwrap_or(w));
    }
    title
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_in_lower_case_are_spelled_in_capitals() {
        assert!(ACRONYMS.windows(2).all(|w| w[0].0 < w[1].0), "sorted");
        assert_eq!(readable_name("sre-guide"), "SRE guide");
        assert_eq!(readable_name("ci-cd"), "CI CD");
        assert_eq!(readable_name("disk_full-api"), "Disk full API");
        assert_eq!(readable_name("restore-s3-backups"), "Restore S3 backups");
        // Ordinary words, and words written otherwise, are left as they are.
        assert_eq!(readable_name("is-it-down"), "Is it down");
        assert_eq!(readable_name("us-east-ha"), "Us east ha");
        assert_eq!(readable_name("Sre-Guide"), "Sre Guide");
        assert_eq!(readable_name("apiserver-slow"), "Apiserver slow");
    }
}
