#include "bench/plan_generator.h"

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace planlint::bench {
namespace {

// ---------------------------------------------------------------------------
// Randomness: splitmix64, and nothing from <random>, so that a seed gives the
// same plan with every compiler and standard library.

uint64_t Mix(uint64_t z) {
  z += 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  // An independent stream for one item of one section, so that adding items
  // to one array does not change the content of the others.
  Rng(uint64_t seed, uint64_t section, uint64_t index)
      : state_(Mix(Mix(seed ^ Mix(section)) + index)) {}

  uint64_t Next() {
    state_ += 0x9e3779b97f4a7c15ULL;
    uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform enough in [0, n) for test data; n > 0.
  uint64_t Below(uint64_t n) { return Next() % n; }
  int Between(int lo, int hi) { return lo + static_cast<int>(Below(hi - lo + 1)); }
  bool Percent(int p) { return Below(100) < static_cast<uint64_t>(p); }
  bool PerMille(int p) { return Below(1000) < static_cast<uint64_t>(p); }
  template <typename T, size_t N>
  const T& Pick(const T (&items)[N]) {
    return items[Below(N)];
  }
  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[Below(items.size())];
  }

 private:
  uint64_t state_;
};

// Sections, for per-item random streams.
enum Section : uint64_t {
  kSecPlan = 1,
  kSecPeople,
  kSecSchedule,
  kSecProse,
  kSecGlossary,
  kSecLayers,
  kSecHardware,
  kSecSoftware,
  kSecSupport,
  kSecIssues,
  kSecSites,
  kSecRisks,
  kSecCriteria,
  kSecTasks,
  kSecMisc,
  kSecPortfolio,
};

// ---------------------------------------------------------------------------
// JSON text: a small pretty-printing writer (two-space indent) that escapes
// strings as RFC 8259 requires. Input strings are UTF-8 and pass through.

class JsonWriter {
 public:
  // `compact`: no white space at all (as tools that minify JSON write it).
  JsonWriter(std::string* out, bool compact) : out_(out), compact_(compact) {}

  void BeginObject() {
    BeforeValue();
    out_->push_back('{');
    stack_.push_back({true, false, true});
  }
  void EndObject() { End('}'); }
  // `inline_items` keeps the items on one line (short lists of ids).
  void BeginArray(bool inline_items = false) {
    BeforeValue();
    out_->push_back('[');
    stack_.push_back({false, inline_items, true});
  }
  void EndArray() { End(']'); }
  void Key(std::string_view key) {
    Separate();
    Quoted(key);
    out_->append(compact_ ? ":" : ": ");
    after_key_ = true;
  }
  void String(std::string_view s) {
    BeforeValue();
    Quoted(s);
  }
  void Int(int64_t v) {
    BeforeValue();
    out_->append(std::to_string(v));
  }
  // A number already written as JSON text ("1.5").
  void RawNumber(std::string_view text) {
    BeforeValue();
    out_->append(text);
  }
  void Bool(bool b) {
    BeforeValue();
    out_->append(b ? "true" : "false");
  }

  // Shorthands for members.
  void Member(std::string_view key, std::string_view value) {
    Key(key);
    String(value);
  }
  void MemberInt(std::string_view key, int64_t value) {
    Key(key);
    Int(value);
  }
  void MemberBool(std::string_view key, bool value) {
    Key(key);
    Bool(value);
  }
  void MemberStrings(std::string_view key, const std::vector<std::string>& values,
                     bool inline_items = false) {
    Key(key);
    BeginArray(inline_items);
    for (const std::string& v : values) String(v);
    EndArray();
  }

 private:
  struct Frame {
    bool object;
    bool inline_items;
    bool empty;
  };

  void Newline() {
    if (compact_) return;
    out_->push_back('\n');
    out_->append(2 * stack_.size(), ' ');
  }
  void Separate() {
    if (stack_.empty()) return;
    Frame& f = stack_.back();
    if (!f.empty) out_->push_back(',');
    if (f.inline_items) {
      if (!f.empty && !compact_) out_->push_back(' ');
    } else {
      Newline();
    }
    f.empty = false;
  }
  void BeforeValue() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    Separate();
  }
  void End(char c) {
    Frame f = stack_.back();
    stack_.pop_back();
    if (!f.empty && !f.inline_items) Newline();
    out_->push_back(c);
  }
  void Quoted(std::string_view s) {
    static constexpr char kHex[] = "0123456789abcdef";
    out_->push_back('"');
    for (char ch : s) {
      const auto c = static_cast<unsigned char>(ch);
      switch (c) {
        case '"':
          out_->append("\\\"");
          break;
        case '\\':
          out_->append("\\\\");
          break;
        case '\n':
          out_->append("\\n");
          break;
        case '\r':
          out_->append("\\r");
          break;
        case '\t':
          out_->append("\\t");
          break;
        case '\b':
          out_->append("\\b");
          break;
        case '\f':
          out_->append("\\f");
          break;
        default:
          if (c < 0x20) {
            out_->append("\\u00");
            out_->push_back(kHex[c >> 4]);
            out_->push_back(kHex[c & 15]);
          } else {
            out_->push_back(ch);
          }
      }
    }
    out_->push_back('"');
  }

  std::string* out_;
  bool compact_;
  std::vector<Frame> stack_;
  bool after_key_ = false;
};

// ---------------------------------------------------------------------------
// Dates: day numbers since 1970-01-01 (H. Hinnant's civil algorithms).

using Day = int32_t;

Day DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void CivilFromDays(Day z, int* y, int* m, int* d) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const int doe = z - era * 146097;
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = yoe + era * 400 + (*m <= 2);
}

// 0 = Monday ... 6 = Sunday (1970-01-01 was a Thursday).
int Weekday(Day d) { return ((d % 7) + 7 + 3) % 7; }

Day NextWorkingDay(Day d) {
  do {
    ++d;
  } while (Weekday(d) >= 5);
  return d;
}

// The working day on or after `d`.
Day WorkingDayFrom(Day d) {
  while (Weekday(d) >= 5) ++d;
  return d;
}

// The day on which a task that starts on working day `start` and lasts `n`
// working days (both ends counted) finishes.
Day FinishAfter(Day start, int n) {
  Day d = start;
  for (int i = 1; i < n; ++i) d = NextWorkingDay(d);
  return d;
}

Day AddWorkingDays(Day d, int n) {
  for (int i = 0; i < n; ++i) d = NextWorkingDay(d);
  return d;
}

std::string FormatDate(Day day, bool us_style) {
  int y = 0, m = 0, d = 0;
  CivilFromDays(day, &y, &m, &d);
  char buf[48];
  if (us_style) {
    std::snprintf(buf, sizeof buf, "%02d/%02d/%04d", m, d, y);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  }
  return buf;
}

std::string Padded(std::string_view prefix, int n, int width) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%0*d", width, n);
  return std::string(prefix) + buf;
}

// ASCII for an e-mail address: lower case, Latin-1 letters without accents,
// everything else dropped.
std::string EmailPart(std::string_view name) {
  std::string out;
  for (size_t i = 0; i < name.size(); ++i) {
    const auto c = static_cast<unsigned char>(name[i]);
    if (c < 0x80) {
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out.push_back(static_cast<char>(c));
      if (c >= 'A' && c <= 'Z') out.push_back(static_cast<char>(c - 'A' + 'a'));
      continue;
    }
    if (c == 0xC3 && i + 1 < name.size()) {
      // U+00C0..U+00FF: map the common accented letters.
      static constexpr char kFold[] = "aaaaaaaceeeeiiiidnooooo/ouuuuyty";
      const auto low = static_cast<unsigned char>(name[++i]) & 0x1F;
      const char f = kFold[low];
      if (f != '/') out.push_back(f);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Word lists.

constexpr std::string_view kFirstNames[] = {
    "Maria",   "Kevin",  "Priya",  "Daniel",   "Rebecca", "Marcus", "Hannah",  "Jorge",    "Alicia",
    "Luis",    "Tamara", "Samuel", "Natalie",  "Omar",    "Erin",   "Wei",     "Sofia",    "Brian",
    "Yolanda", "Andre",  "Grace",  "Ahmed",    "Linh",    "Rosa",   "Michael", "Jennifer", "David",
    "Aisha",   "Carlos", "Emily",  "Raj",      "Mei",     "Robert", "Teresa",  "Jamal",    "Olivia",
    "Victor",  "Nadia",  "Steven", "Gabriela", "José",    "Zoë",    "Renée",   "Tomás"};
constexpr std::string_view kLastNames[] = {
    "Nguyen",    "Garcia",    "Patel",      "Johnson", "Kim",      "Lopez",         "Chen",
    "Williams",  "Hernández", "Singh",      "Brown",   "Martinez", "Okafor",        "Lindqvist",
    "Whitfield", "Cho",       "Espinoza",   "Brennan", "Montoya",  "Jefferson",     "Park",
    "Svoboda",   "Haddad",    "McAllister", "Zhang",   "Marquez",  "Kowalski",      "Pierce",
    "Fontaine",  "Tran",      "Ramirez",    "Wong",    "Davis",    "Gutierrez",     "Moreno",
    "Yamamoto",  "Sullivan",  "Alvarez",    "Huang",   "Núñez",    "Delgado-Reyes", "O'Brien"};

// The portfolio's project managers: few enough that each manages several plans.
constexpr std::string_view kPortfolioManagers[] = {
    "Kevin Tran",      "Natalie Svoboda", "Priya Patel",    "Marcus Whitfield",
    "Gabriela Moreno", "Steven Park",     "Aisha Haddad",   "Robert Sullivan",
    "Linh Nguyen",     "Carlos Ramirez",  "Teresa O'Brien", "Jamal Jefferson"};

struct Department {
  std::string_view name;
  std::string_view domain;
  std::string_view division;
};
constexpr Department kDepartments[] = {
    {"California Department of Aging and Adult Services", "cdaas.ca.gov",
     "Adult Programs Division"},
    {"California Department of Environmental Permitting", "cdep.ca.gov", "Permitting Division"},
    {"California Department of Motor Carrier Licensing", "cdmcl.ca.gov", "Licensing Operations"},
    {"California Department of Water Rights Administration", "cdwra.ca.gov",
     "Water Rights Division"},
    {"California Department of Health Care Access", "cdhca.ca.gov", "Eligibility Division"},
    {"California Department of Consumer Licensing", "cdcl.ca.gov", "Enforcement Division"},
    {"California Department of Workforce Programs", "cdwp.ca.gov", "Workforce Services Branch"},
    {"California Department of Agricultural Inspection", "cdai.ca.gov", "Inspection Services"},
    {"California Department of Housing Assistance", "cdha.ca.gov", "Grants Management Division"},
    {"California Department of Tax and Fee Programs", "cdtfp.ca.gov", "Revenue Operations"},
    {"California Department of Parks and Recreation Services", "cdprs.ca.gov",
     "Reservations Division"},
    {"California Department of Veterans Services Programs", "cdvsp.ca.gov", "Claims Division"}};

constexpr std::string_view kSystemPrefixes[] = {"Cal", "e", "Golden State ", "My", "State "};
constexpr std::string_view kSystemNouns[] = {
    "Permit", "License", "Grants", "Claims",  "Case",   "Benefits", "Inspection", "Fleet",
    "Asset",  "Revenue", "Water",  "Housing", "Health", "Payroll",  "Training",   "Parks"};
constexpr std::string_view kSystemSuffixes[] = {" Online",  " Connect", " Hub",     " Portal",
                                                " Tracker", " Manager", " Central", " 360"};
// System names that several plans of a portfolio share.
constexpr std::string_view kSharedSystemNames[] = {"CalPermit Online", "Case Management System",
                                                   "eLicense California"};

struct Office {
  std::string_view city;
  std::string_view address;
  std::string_view code;
  std::string_view area_code;
};
constexpr Office kOffices[] = {{"Sacramento", "1300 National Drive", "SAC", "916"},
                               {"Fresno", "2550 Mariposa Mall", "FRS", "559"},
                               {"Riverside", "3737 Main Street", "RIV", "951"},
                               {"Oakland", "1515 Clay Street", "OAK", "510"},
                               {"Long Beach", "1 World Trade Center", "LGB", "562"},
                               {"San Diego", "1350 Front Street", "SDG", "619"},
                               {"Redding", "2986 Bechelli Lane", "RDG", "530"},
                               {"Los Angeles", "300 South Spring Street", "LAX", "213"},
                               {"Santa Rosa", "50 D Street", "SRO", "707"},
                               {"Bakersfield", "1800 30th Street", "BFL", "661"},
                               {"San Jose", "100 Paseo de San Antonio", "SJC", "408"},
                               {"Ventura", "800 South Victoria Avenue", "VTA", "805"}};
constexpr std::string_view kOfficeKinds[] = {"Regional Office", "District Office", "Field Office",
                                             "Service Center"};

struct Acronym {
  std::string_view term;
  std::string_view definition;
};
// Acronyms the prose may use; a plan's glossary defines those its prose uses.
constexpr Acronym kAcronyms[] = {
    {"API (Application Programming Interface)", "A documented way for one system to call another."},
    {"CA-PMF (California Project Management Framework)",
     "The project management framework and templates published for state IT projects."},
    {"CDT (California Department of Technology)",
     "The state agency that oversees IT projects and operates the state data centers."},
    {"CMDB (Configuration Management Database)",
     "The record of configuration items and their relationships."},
    {"EDW (Enterprise Data Warehouse)", "The Department's store of data for reporting."},
    {"ETL (Extract, Transform and Load)", "Jobs that copy data from one system into another."},
    {"IMP (Implementation Management Plan)", "This document."},
    {"IV&V (Independent Verification and Validation)",
     "Independent review of the project by a consultant who reports to the steering committee."},
    {"KPI (Key Performance Indicator)", "A measure used to track the performance of a process."},
    {"LMS (Learning Management System)", "The system that schedules and records training."},
    {"MFA (Multi-Factor Authentication)", "Sign-in that requires a second factor."},
    {"OCM (Organizational Change Management)",
     "Activities that prepare staff to adopt new processes and tools."},
    {"PHI (Protected Health Information)", "Health information about an identifiable person."},
    {"PII (Personally Identifiable Information)",
     "Information that identifies, or can identify, an individual."},
    {"RPO (Recovery Point Objective)", "The maximum age of data that may be lost in a disaster."},
    {"RTO (Recovery Time Objective)", "The maximum time allowed to restore service."},
    {"SAM (State Administrative Manual)",
     "The State of California's manual of administrative policy."},
    {"SIMM (Statewide Information Management Manual)",
     "The state's manual of information management standards and forms."},
    {"SIT (System Integration Testing)", "Testing of the system together with its interfaces."},
    {"SLA (Service Level Agreement)", "The service levels a provider commits to."},
    {"SOW (Statement of Work)", "The contract document that defines the vendor's deliverables."},
    {"SSO (Single Sign-On)", "One sign-in that gives access to several applications."},
    {"UAT (User Acceptance Testing)", "Testing by business users before acceptance."},
    {"VPN (Virtual Private Network)", "An encrypted network connection."},
    {"WCAG (Web Content Accessibility Guidelines)", "The accessibility standard for web content."},
};
constexpr int kNumAcronyms = sizeof kAcronyms / sizeof kAcronyms[0];
enum AcronymIndex {
  kAPI,
  kCAPMF,
  kCDT,
  kCMDB,
  kEDW,
  kETL,
  kIMP,
  kIVV,
  kKPI,
  kLMS,
  kMFA,
  kOCM,
  kPHI,
  kPII,
  kRPO,
  kRTO,
  kSAM,
  kSIMM,
  kSIT,
  kSLA,
  kSOW,
  kSSO,
  kUAT,
  kVPN,
  kWCAG
};
constexpr uint32_t Bit(int a) { return 1u << a; }

struct Phrase {
  std::string_view text;
  uint32_t acronyms;
};

constexpr std::string_view kSubjects[] = {"The project team",
                                          "The Project Manager",
                                          "The system integrator",
                                          "The Quality Assurance Manager",
                                          "Regional office staff",
                                          "The Information Technology Division",
                                          "The steering committee",
                                          "The Database Administrator",
                                          "The Security Officer",
                                          "The training team",
                                          "The service desk",
                                          "Each workstream lead",
                                          "The Configuration Management Manager",
                                          "Program staff",
                                          "The vendor's implementation team",
                                          "The Project Sponsor"};
constexpr std::string_view kVerbs[] = {
    "will review",       "will validate",  "will approve", "will document", "will coordinate",
    "will monitor",      "will schedule",  "will test",    "will update",   "will track",
    "will verify",       "will complete",  "will prepare", "must confirm",  "must sign off on",
    "will walk through", "will report on", "will baseline"};
constexpr Phrase kObjects[] = {
    {"the production environment", 0},
    {"the data conversion scripts", 0},
    {"the cutover runbook", 0},
    {"the interface specifications", 0},
    {"the training curriculum", 0},
    {"the site readiness checklists", 0},
    {"the disaster recovery procedures", 0},
    {"the service desk scripts", 0},
    {"the defect log", 0},
    {"the rollback procedure", 0},
    {"the role-based access matrix", 0},
    {"the knowledge transfer plan", 0},
    {"the records retention settings", 0},
    {"the go-live readiness criteria", 0},
    {"the communication plan for county partners", 0},
    {"the UAT test scripts", Bit(kUAT)},
    {"the SIT results", Bit(kSIT)},
    {"the findings of the IV&V consultant", Bit(kIVV)},
    {"the OCM readiness survey", Bit(kOCM)},
    {"the SSO and MFA configuration", Bit(kSSO) | Bit(kMFA)},
    {"the controls that protect PII and PHI", Bit(kPII) | Bit(kPHI)},
    {"the RTO and RPO targets", Bit(kRTO) | Bit(kRPO)},
    {"the SLA reports of the hosting provider", Bit(kSLA)},
    {"the security requirements of SAM Chapter 5300 and the SIMM", Bit(kSAM) | Bit(kSIMM)},
    {"the API specifications", Bit(kAPI)},
    {"the VPN connections to the regional offices", Bit(kVPN)},
    {"the ETL jobs that feed the EDW", Bit(kETL) | Bit(kEDW)},
    {"the KPI dashboard", Bit(kKPI)},
    {"the LMS course catalog", Bit(kLMS)},
    {"the CMDB records for new servers", Bit(kCMDB)},
    {"the SOW deliverables", Bit(kSOW)},
    {"the CDT oversight reports", Bit(kCDT)},
    {"WCAG 2.1 conformance of the public pages", Bit(kWCAG)}};
constexpr std::string_view kQualifiers[] = {"before go-live",
                                            "during the pilot phase",
                                            "at each regional office",
                                            "according to the approved schedule",
                                            "within ten business days of each release",
                                            "with support from the system integrator",
                                            "as part of the readiness review",
                                            "before the cutover weekend",
                                            "at the end of each sprint",
                                            "in coordination with county partners",
                                            "and report the results to the steering committee",
                                            "each week until hypercare ends",
                                            "before any change is promoted to production",
                                            "for every office that goes live in the same wave"};

constexpr std::string_view kLayerNames[] = {
    "Presentation",        "Application", "Integration", "Data",
    "Document management", "Reporting",   "Identity",    "Network"};
constexpr std::string_view kLayerFunctions[] = {"Browser user interface for staff",
                                                "Public self-service pages",
                                                "Workflow and business rules",
                                                "Exchange with partner systems",
                                                "Storage of case and permit records",
                                                "Scanned document storage",
                                                "Operational and management reports",
                                                "Sign-in and role management",
                                                "Network connectivity to field offices",
                                                "Batch scheduling",
                                                "Notifications by e-mail and text message",
                                                "Fee calculation and payment"};
struct HardwareModel {
  std::string_view manufacturer;
  std::string_view type;
  std::string_view model;
  std::string_view configuration;
};
constexpr HardwareModel kHardware[] = {
    {"Dell", "Server", "PowerEdge R760", "2 x Intel Xeon Gold, 512 GB memory, VMware vSphere 8"},
    {"HPE", "Server", "ProLiant DL380 Gen11", "2 x Intel Xeon Silver, 256 GB memory, RHEL 9"},
    {"Cisco", "Firewall", "Firepower 2130", "High-availability pair"},
    {"Cisco", "Switch", "Catalyst 9300", "48 ports, stacked"},
    {"Kodak Alaris", "Document scanner", "S3060", "Duplex, 60 pages per minute"},
    {"Dell", "Laptop", "Latitude 7450", "32 GB memory, encrypted disk, Windows 11 Enterprise"},
    {"NetApp", "Storage array", "AFF A400", "120 TB usable, replicated"},
    {"Zebra", "Label printer", "ZT411", "Network attached"},
    {"Apple", "Tablet", "iPad Air 11-inch", "Cellular, managed by Intune"},
    {"Lenovo", "Workstation", "ThinkCentre M90q", "16 GB memory, dual monitors"}};
struct SoftwareProduct {
  std::string_view publisher;
  std::string_view title;
  std::string_view function;
  std::string_view version;
};
constexpr SoftwareProduct kSoftware[] = {
    {"Salesforce", "Public Sector Solutions", "Case management platform", "Winter '27"},
    {"MuleSoft", "Anypoint Platform Runtime", "Integration runtime", "4.8"},
    {"Hyland", "OnBase", "Enterprise content management", "24.1"},
    {"Microsoft", "SQL Server", "Relational database", "2022 CU14"},
    {"Oracle", "Database Enterprise Edition", "Relational database", "19c"},
    {"Red Hat", "Enterprise Linux", "Operating system", "9.4"},
    {"Microsoft", "Power BI Report Server", "Reporting", "January 2026"},
    {"Tableau", "Tableau Server", "Dashboards", "2025.3"},
    {"Okta", "Workforce Identity", "Sign-in and provisioning", "2026.02"},
    {"Esri", "ArcGIS Enterprise", "Maps and geocoding", "11.4"},
    {"Accela", "Civic Platform", "Permitting and licensing", "24.2"},
    {"ServiceNow", "IT Service Management", "Service desk", "Yokohama"}};
struct CloudService {
  std::string_view provider;
  std::string_view type;
};
constexpr CloudService kCloud[] = {{"Salesforce Government Cloud Plus", "SaaS"},
                                   {"Microsoft Azure Government", "PaaS"},
                                   {"Amazon Web Services GovCloud", "IaaS"},
                                   {"Google Cloud for Government", "IaaS"},
                                   {"ServiceNow Government Community Cloud", "SaaS"},
                                   {"Oracle Cloud Infrastructure Government", "IaaS"}};

// Workstreams of the schedule; each kind runs through its own activities.
enum StreamKind { kBuild, kData, kPeople, kRollout };
struct Stream {
  std::string_view name;
  StreamKind kind;
};
constexpr Stream kStreams[] = {{"Infrastructure", kBuild},
                               {"Interfaces", kBuild},
                               {"Data conversion", kData},
                               {"Training", kPeople},
                               {"Security", kBuild},
                               {"Wave 1 rollout", kRollout},
                               {"Reporting", kBuild},
                               {"Wave 2 rollout", kRollout},
                               {"Document imaging", kBuild},
                               {"Operations readiness", kPeople},
                               {"Public portal", kBuild},
                               {"Wave 3 rollout", kRollout},
                               {"Payments", kBuild},
                               {"Legacy retirement", kData},
                               {"Mobile field access", kBuild},
                               {"Accessibility", kBuild}};
constexpr std::string_view kBuildActivities[] = {"Requirements confirmation",
                                                 "Design review",
                                                 "Environment build",
                                                 "Configuration",
                                                 "Unit testing",
                                                 "Integration testing",
                                                 "Performance testing",
                                                 "Security testing",
                                                 "Defect remediation",
                                                 "Documentation update",
                                                 "Knowledge transfer"};
constexpr std::string_view kDataActivities[] = {"Data mapping",
                                                "Extract development",
                                                "Mock conversion 1",
                                                "Reconciliation 1",
                                                "Mock conversion 2",
                                                "Reconciliation 2",
                                                "Conversion rehearsal",
                                                "Data validation",
                                                "Archive of legacy records",
                                                "Final conversion readiness"};
constexpr std::string_view kPeopleActivities[] = {
    "Needs analysis",    "Material development", "Train-the-trainer sessions",
    "End-user sessions", "Proficiency checks",   "Service desk scripts",
    "Runbook review",    "Operational handover"};
constexpr std::string_view kRolloutActivities[] = {"Site survey",
                                                   "Network upgrade",
                                                   "Site preparation",
                                                   "Workstation deployment",
                                                   "Site readiness verification",
                                                   "Pilot deployment",
                                                   "Go-live support",
                                                   "Floor walking",
                                                   "Lessons learned"};

// The name of task `pos` of a stream.
std::string ActivityName(StreamKind kind, int pos) {
  const std::string_view* list = kBuildActivities;
  size_t size = std::size(kBuildActivities);
  switch (kind) {
    case kBuild:
      break;
    case kData:
      list = kDataActivities;
      size = std::size(kDataActivities);
      break;
    case kPeople:
      list = kPeopleActivities;
      size = std::size(kPeopleActivities);
      break;
    case kRollout:
      list = kRolloutActivities;
      size = std::size(kRolloutActivities);
      break;
  }
  const size_t i = static_cast<size_t>(pos);
  std::string name(list[i % size]);
  if (i >= size) name += " (part " + std::to_string(i / size + 1) + ")";
  return name;
}

constexpr std::string_view kAssumptions[] = {"Vendor staffing",      "Legacy system availability",
                                             "Network capacity",     "Subject matter experts",
                                             "Hosting provider",     "Funding",
                                             "County participation", "Data quality",
                                             "Facilities",           "Security review",
                                             "Union notification",   "Hardware delivery"};
constexpr std::string_view kGlossaryAdjectives[] = {
    "Active",    "Annual",      "Assigned", "Batch",     "Baseline",  "Business",
    "Closed",    "Conditional", "Daily",    "Deferred",  "Delegated", "External",
    "Final",     "Formal",      "Initial",  "Internal",  "Interim",   "Legacy",
    "Manual",    "Master",      "Monthly",  "Nightly",   "Open",      "Partial",
    "Pending",   "Primary",     "Public",   "Quarterly", "Regional",  "Scheduled",
    "Secondary", "Shared",      "Standard", "Statewide", "Temporary", "Weekly"};
constexpr std::string_view kGlossaryNouns[] = {
    "Account",      "Adjustment", "Appeal",      "Application",    "Approval",   "Assessment",
    "Assignment",   "Audit",      "Balance",     "Batch Window",   "Caseload",   "Certificate",
    "Checkpoint",   "Claim",      "Complaint",   "Correspondence", "Cutover",    "Determination",
    "Disposition",  "Enrollment", "Entitlement", "Escalation",     "Exception",  "Extract",
    "Fee",          "Filing",     "Hearing",     "Inquiry",        "Inspection", "Invoice",
    "Notice",       "Payment",    "Permit",      "Queue",          "Referral",   "Refund",
    "Registration", "Release",    "Renewal",     "Report",         "Request",    "Review",
    "Schedule",     "Submission", "Task",        "Transfer",       "Variance",   "Waiver",
    "Work Item",    "Workflow"};
constexpr std::string_view kDefinitionOpenings[] = {
    "A record kept in the system that tracks",
    "The step in the business process that handles",
    "A status used by program staff to mark",
    "The set of rules that governs",
    "A report produced for supervisors that summarizes",
    "The period of time reserved for"};
constexpr std::string_view kDefinitionObjects[] = {
    "applications received from the public",      "work assigned to a caseworker",
    "items waiting for supervisory review",       "payments received through the portal",
    "requests forwarded to county partners",      "records converted from the legacy system",
    "changes approved by the steering committee", "documents scanned at the regional offices"};

struct RiskTemplate {
  std::string_view trigger;
  std::string_view steps[3];
};
constexpr RiskTemplate kRisks[] = {
    {"A mock conversion shows a record count variance or a field error rate above the agreed "
     "threshold.",
     {"Schedule an additional mock conversion within the schedule buffer",
      "Assign additional conversion developers", "Report the impact to the steering committee"}},
    {"Fewer than 90 percent of users in an office complete training two weeks before go-live.",
     {"Add evening and Saturday training sessions",
      "Assign floor walkers to the office for the first two weeks", "Delay the office's go-live"}},
    {"The cutover falls more than eight hours behind the runbook at a checkpoint.",
     {"Invoke the rollback procedure in the cutover runbook",
      "Reopen the legacy system and notify the offices", "Reschedule the cutover"}},
    {"A partner system cannot complete end-to-end interface testing on schedule.",
     {"Use the partner's certified test harness", "Operate the manual exchange procedure",
      "Escalate to the partner's executive sponsor"}},
    {"A penetration test finding rated high or critical remains open ten business days before "
     "go-live.",
     {"Apply a compensating control approved by the Security Officer",
      "Delay go-live if no compensating control is approved", "Retest after remediation"}},
    {"Key vendor staff named in the contract leave the project.",
     {"Require a replacement with equal qualifications within ten business days",
      "Hold knowledge transfer sessions before the departure", "Adjust the schedule if needed"}},
    {"Hardware for a regional office is not delivered four weeks before site preparation.",
     {"Borrow equipment from the headquarters pool", "Move the office to a later wave",
      "Escalate to the supplier's account manager"}},
    {"Response times exceed the target during performance testing.",
     {"Tune the slowest transactions with the vendor", "Add capacity in the hosting environment",
      "Repeat the test before go-live"}},
    {"The hosting provider announces maintenance during the cutover window.",
     {"Request a change freeze from the provider", "Move the cutover to the next weekend",
      "Inform the offices of the new date"}},
    {"Funding for the next fiscal year is reduced.",
     {"Defer the lowest-priority waves", "Renegotiate vendor milestones",
      "Report options to the Project Sponsor"}}};
constexpr std::string_view kLevels[] = {"low", "medium", "high"};

struct CriterionTemplate {
  std::string_view criterion;
  std::string_view measure;
  std::string_view evidence;
};
constexpr CriterionTemplate kCriteria[] = {
    {"User acceptance testing complete",
     "All test scripts executed; no open severity 1 or 2 defects",
     "Test summary report and signed acceptance memorandum"},
    {"Performance under peak load", "95th percentile response under 2 seconds at peak load",
     "Performance test report"},
    {"Security testing complete", "No open high or critical penetration test findings",
     "Penetration test report and remediation letter"},
    {"Data conversion accuracy", "Zero record count variance; field error rate below 0.1 percent",
     "Conversion reconciliation report"},
    {"Users trained", "At least 95 percent of users passed the proficiency check",
     "Training completion report"},
    {"Stable operations", "Service desk tickets at or below forecast for two consecutive weeks",
     "Service desk weekly reports"},
    {"Interfaces operational", "All interfaces exchange production data for five business days",
     "Interface monitoring report"},
    {"Accessibility", "No failures in the independent accessibility audit",
     "Accessibility audit report"},
    {"Disaster recovery tested", "Failover completed within the recovery time objective",
     "Disaster recovery test report"},
    {"Operations accepted", "Operations acceptance form signed", "Signed acceptance form"},
    {"Reports validated", "All scheduled reports match the legacy totals for one month",
     "Report comparison workbook"},
    {"Documentation delivered", "Administration and operations guides approved",
     "Approved document list"}};

constexpr std::string_view kIssues[] = {
    "The legacy system truncates addresses longer than 40 characters; the converted records need "
    "manual review.",
    "Scanned documents larger than 25 MB fail to upload from the field offices.",
    "The monthly report counts weekend submissions on the following Monday.",
    "Two regional offices use an older browser version that the vendor no longer supports.",
    "The partner agency's test environment is refreshed only once a month.",
    "E-mail notifications are delayed by up to an hour during the nightly batch.",
    "Fee tables for the current fiscal year have not been approved yet.",
    "Some converted cases lack a supervisor assignment."};
constexpr std::string_view kControls[] = {
    "Multi-factor authentication for every user and administrator",
    "Role-based access reviewed quarterly",
    "Encryption of data at rest and in transit",
    "Audit trail of record changes retained for seven years",
    "Masked data in non-production environments",
    "Annual security awareness training",
    "Vulnerability scanning before each release",
    "Security incident response through the Information Security Office",
    "Least-privilege service accounts for interfaces",
    "Quarterly restore tests of backups"};
constexpr std::string_view kSensitive[] = {"PII", "PHI", "Federal tax information",
                                           "Payment card tokens", "Criminal history information"};
constexpr std::string_view kExtraRoles[] = {
    "Technical Lead",         "Organizational Change Management Lead",
    "Vendor Project Manager", "Training Lead",
    "Data Conversion Lead",   "Service Desk Manager",
    "Business Lead",          "Test Manager",
    "Enterprise Architect",   "Budget Officer",
    "Contract Manager",       "Communications Lead"};
constexpr std::string_view kRequiredRoles[] = {
    "Project Sponsor",           "Project Manager",
    "Quality Assurance Manager", "Configuration Management Manager",
    "Security Officer",          "Database Administrator"};

// ---------------------------------------------------------------------------
// The shape of a plan: which sections it has and how many items each array
// gets, from one size knob `k` >= 0, in hundredths of a step.
//
// From 0 to kFull the plan grows from an early draft that has only the
// required sections (about 2 KB) to one with every section, adding one
// section or a little prose at each half step so that no step adds much more
// than a tenth of the size. Beyond kFull only the arrays grow, linearly.
// Integer arithmetic only, so that every platform makes the same plan.

using Knob = int64_t;
constexpr Knob kFull = 1600;

struct Shape {
  bool discrepancies, document, management, glossary, success_sentence, assumptions_on, history,
      security, organization, support, sites_on;
  int constraints;  // Time, then Cost, then Scope
  int contacts;     // required roles first, then other roles
  int versions, assumptions, glossary_fill, layers, interfaces, major_tasks, schedule;
  int hardware, software, facilities, materials, documentation, personnel, issues, sites, risks,
      criteria;
  // Paragraphs of generated prose after the fixed opening of each field.
  int intro_paragraphs, management_paragraphs, overview_paragraphs, other_paragraphs;
};

// base + per_step * beyond / 100, at most `max`; `beyond` in hundredths.
int Count(int64_t base, int64_t per_step, Knob beyond, int64_t max) {
  return static_cast<int>(std::min(max, base + per_step * beyond / 10000));
}

Shape ShapeFor(Knob k) {
  Shape s;
  constexpr int64_t kMany = 1 << 28;
  const Knob v = k > kFull ? k - kFull : 0;  // growth beyond the full plan
  const bool full = k >= kFull;
  // at(x): 1 from step x (in hundredths) on.
  auto at = [k](Knob step) { return k >= step ? 1 : 0; };
  s.discrepancies = at(50);
  s.document = at(100);
  s.contacts = 2 + at(150) + at(450) + at(750) + at(1050) + Count(0, 6, v, 12);
  s.management = at(200);
  s.schedule = full ? Count(6, 90, v, kMany) : 2 + at(250) + at(850);
  s.glossary = at(300);
  s.success_sentence = at(350);
  s.assumptions_on = at(400);
  s.constraints = at(500) + at(550) + at(600);
  s.risks = full ? Count(2, 22, v, kMany) : 1 + at(650);
  s.history = at(700);
  s.security = at(800);
  s.organization = at(900);
  s.criteria = full ? Count(2, 12, v, kMany) : 1 + at(950);
  s.support = at(1000);
  s.sites_on = at(1100);
  s.interfaces = at(1200) + Count(0, 5, v, 2);
  s.versions = s.history ? Count(1, 2, v, 12) : 0;
  s.assumptions = s.assumptions_on ? Count(1, 3, v, 12) : 0;
  s.glossary_fill = s.glossary ? Count(1, 22, v, kMany) : 0;
  s.layers = s.organization ? Count(1, 3, v, 8) : 0;
  s.major_tasks = full ? Count(1, 7, v, kMany) : 1;
  s.hardware = s.support ? Count(1, 16, v, kMany) : 0;
  s.software = at(1150) ? Count(1, 12, v, kMany) : 0;
  s.facilities = at(1250) ? Count(1, 2, v, kMany) : 0;
  s.materials = at(1350) ? Count(1, 3, v, kMany) : 0;
  s.documentation = at(1450) ? Count(1, 4, v, kMany) : 0;
  s.personnel = at(1550) ? Count(1, 3, v, kMany) : 0;
  s.issues = full ? Count(0, 5, v, kMany) : 0;
  s.sites = s.sites_on ? Count(1, 4, v, kMany) : 0;
  s.intro_paragraphs = at(1200) ? Count(1, 1, v, 4) : 0;
  s.management_paragraphs = at(1300) ? Count(1, 1, v, 4) : 0;
  s.overview_paragraphs = at(1400) ? Count(1, 1, v, 4) : 0;
  s.other_paragraphs = at(1500);
  return s;
}

struct Options {
  bool portfolio = false;
  bool compact = false;
};

struct Person {
  std::string role;
  std::string name;
  std::string organization;
  std::string email;
  std::string phone;
};

struct Task {
  std::string id;
  std::string name;
  Day start = 0;
  Day finish = 0;
  std::vector<int> deps;  // indexes into the final schedule
};

// ---------------------------------------------------------------------------

class PlanMaker {
 public:
  PlanMaker(uint64_t seed, const Shape& shape, const Options& options)
      : seed_(seed), shape_(shape), options_(options) {}

  std::string Make() {
    Decide();
    MakePeople();
    MakeSchedule();
    MakeProse();
    std::string out;
    out.reserve(4096);
    JsonWriter w(&out, options_.compact);
    Write(w);
    out.push_back('\n');
    return out;
  }

 private:
  // ---- plan-level decisions
  void Decide() {
    Rng r(seed_, kSecPlan, 0);
    dept_ = &r.Pick(kDepartments);
    if (options_.portfolio && r.Percent(6)) {
      system_ = std::string(r.Pick(kSharedSystemNames));
    } else {
      system_ = std::string(r.Pick(kSystemPrefixes)) + std::string(r.Pick(kSystemNouns)) +
                std::string(r.Pick(kSystemSuffixes));
    }
    static constexpr std::string_view kStatuses[] = {
        "draft",    "draft",    "draft",    "review",   "review",
        "approved", "approved", "approved", "approved", "implemented"};
    status_ = std::string(r.Pick(kStatuses));
    // Kickoff on a Monday between January 2026 and June 2027.
    start_ = DaysFromCivil(2026, 1, 5) + 7 * static_cast<Day>(r.Below(76));
    us_dates_ = r.Percent(15);
    home_office_ = options_.portfolio ? static_cast<int>(r.Below(4)) : 0;
    // A few problems, as in real drafts. Approved and implemented plans have fewer.
    const bool settled = status_ == "approved" || status_ == "implemented";
    const int p = settled ? 12 : 35;
    // Each kind of problem: -1 for none, else which variant.
    placeholder_ = r.Percent(p) ? static_cast<int>(r.Below(4)) : -1;
    tbd_ = r.Percent(p) ? static_cast<int>(r.Below(2)) : -1;
    missing_ = r.Percent(p) ? static_cast<int>(r.Below(5)) : -1;
    problem_acronym_ = r.Percent(settled ? 5 : 20);
    problem_expired_ = r.Percent(8);
    problem_deadline_ = r.Percent(5);
    doc_date_ = start_ - 7 * r.Between(2, 8);
    if (settled) doc_date_ = start_ + 7 * r.Between(0, 30);
    project_name_ = system_ + " Implementation";
  }

  std::string Date(Day d) const { return FormatDate(d, us_dates_); }

  // ---- people
  std::string UniqueName(Rng& r) {
    for (;;) {
      std::string name = std::string(r.Pick(kFirstNames)) + " " + std::string(r.Pick(kLastNames));
      if (used_names_.insert(name).second) return name;
    }
  }

  Person MakePerson(Rng& r, std::string role, std::string name, bool vendor) {
    Person p;
    p.role = std::move(role);
    p.name = std::move(name);
    if (vendor) {
      p.organization = "Sierra Ridge Consulting, Inc.";
      const size_t space = p.name.find(' ');
      p.email = EmailPart(p.name.substr(0, 1)) + EmailPart(p.name.substr(space + 1)) +
                "@sierraridgeconsulting.com";
    } else {
      if (p.role == "Project Sponsor" || p.role == "Business Lead" || p.role == "Training Lead" ||
          p.role == "Communications Lead") {
        p.organization = std::string(dept_->division);
      } else if (p.role == "Security Officer") {
        p.organization = "Information Security Office";
      } else if (p.role == "Project Manager" || p.role == "Quality Assurance Manager" ||
                 p.role == "Test Manager" || p.role == "Budget Officer" ||
                 p.role == "Contract Manager") {
        p.organization = "Project Management Office";
      } else {
        p.organization = "Information Technology Division";
      }
      const size_t space = p.name.find(' ');
      p.email = EmailPart(p.name.substr(0, space)) + "." + EmailPart(p.name.substr(space + 1)) +
                "@" + std::string(dept_->domain);
    }
    const Office& office = kOffices[home_office_];
    p.phone = std::string(office.area_code) + "-555-01" + Padded("", r.Between(0, 99), 2);
    return p;
  }

  void MakePeople() {
    std::string pm;
    if (options_.portfolio) {
      Rng pr(seed_, kSecPortfolio, 1);
      pm = std::string(pr.Pick(kPortfolioManagers));
      used_names_.insert(pm);
    }
    int n = 0;
    for (std::string_view role : kRequiredRoles) {
      if (n == shape_.contacts) break;
      Rng r(seed_, kSecPeople, n++);
      std::string name;
      if (role == "Project Manager" && !pm.empty()) {
        name = pm;
      } else {
        name = UniqueName(r);
      }
      people_.push_back(MakePerson(r, std::string(role), name, false));
    }
    for (int i = 0; n < shape_.contacts; ++i) {
      Rng r(seed_, kSecPeople, n++);
      const std::string role(kExtraRoles[i % std::size(kExtraRoles)]);
      people_.push_back(MakePerson(r, role, UniqueName(r), role == "Vendor Project Manager"));
    }
    // Drafts sometimes lack a role (the Configuration Management Manager is
    // the one most often left out).
    if (missing_ == 0 && people_.size() > 4) {
      people_.erase(people_.begin() + 3);
    }
    if (placeholder_ == 1) people_.back().phone = "xxx.xxx.xxxx";
  }

  const Person& Pm() const {
    for (const Person& p : people_) {
      if (p.role == "Project Manager") return p;
    }
    return people_.front();
  }
  const std::string& SomeName(Rng& r) const { return people_[r.Below(people_.size())].name; }

  // ---- schedule: parallel workstreams after a kickoff, then go-live and
  // hypercare. Entries sorted by planned start; ids in array order.
  void MakeSchedule() {
    const int total = std::max(2, shape_.schedule);
    const bool with_close = total >= 4;
    const int stream_tasks = total - 1 - (with_close ? 2 : 0);
    const int streams = std::max(1, (stream_tasks + 10) / 11);

    struct Raw {
      std::string name;
      Day start, finish;
      std::vector<int> deps;  // raw indexes
      int stream, pos;
    };
    std::vector<Raw> raw;
    raw.reserve(total);
    {
      Rng r(seed_, kSecSchedule, 0);
      const Day s = start_;
      raw.push_back(
          {"Implementation kickoff and planning", s, FinishAfter(s, r.Between(10, 20)), {}, -1, 0});
    }
    std::vector<std::vector<int>> by_stream(streams);
    for (int st = 0; st < streams; ++st) {
      const int count = stream_tasks / streams + (st < stream_tasks % streams ? 1 : 0);
      const Stream& stream = kStreams[st % std::size(kStreams)];
      std::string label(stream.name);
      if (st >= static_cast<int>(std::size(kStreams))) {
        label += " " + std::to_string(st / std::size(kStreams) + 1);
      }
      Day cursor = AddWorkingDays(raw[0].finish, 1 + (st % 6) * 5);
      int prev = 0;
      for (int pos = 0; pos < count; ++pos) {
        Rng r(seed_, kSecSchedule, 1 + static_cast<uint64_t>(st) * 100003 + pos);
        std::string name = ActivityName(stream.kind, pos) + " – " + label;
        int length = r.Between(5, 40);
        if (r.PerMille(missing_ >= 0 ? 8 : 2)) length = r.Between(50, 70);  // long task
        Day start = AddWorkingDays(cursor, static_cast<int>(r.Below(3)));
        // Now and then a task starts before its predecessor finishes.
        if (prev != 0 && r.PerMille(10)) start = raw[prev].finish - 4;
        start = WorkingDayFrom(start);
        Raw t{std::move(name), start, FinishAfter(start, length), {prev}, st, pos};
        // Now and then a dependency on another stream's task that is done by then.
        if (st > 0 && r.Percent(15) && !by_stream[st - 1].empty()) {
          const int other = by_stream[st - 1][r.Below(by_stream[st - 1].size())];
          if (raw[other].finish < start) t.deps.push_back(other);
        }
        raw.push_back(std::move(t));
        prev = static_cast<int>(raw.size()) - 1;
        by_stream[st].push_back(prev);
        cursor = NextWorkingDay(raw[prev].finish);
      }
    }
    if (with_close) {
      Rng r(seed_, kSecSchedule, 99);
      Day last = raw[0].finish;
      std::vector<int> ends;
      for (const auto& s : by_stream) {
        if (s.empty()) continue;
        ends.push_back(s.back());
        last = std::max(last, raw[s.back()].finish);
      }
      if (ends.empty()) ends.push_back(0);
      const Day go = NextWorkingDay(last);
      raw.push_back(
          {"Go-live decision and production cutover", go, FinishAfter(go, 5), ends, -2, 0});
      const int golive = static_cast<int>(raw.size()) - 1;
      const Day h = NextWorkingDay(raw[golive].finish);
      raw.push_back({"Hypercare and transition to operations",
                     h,
                     FinishAfter(h, r.Between(15, 20)),
                     {golive},
                     -2,
                     1});
    }
    // Sort by start (the kickoff stays first); ties keep creation order.
    std::vector<int> order(raw.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
    std::stable_sort(order.begin() + 1, order.end(),
                     [&](int a, int b) { return raw[a].start < raw[b].start; });
    std::vector<int> final_index(raw.size());
    for (size_t i = 0; i < order.size(); ++i) final_index[order[i]] = static_cast<int>(i);
    const int width = raw.size() < 100 ? 2 : raw.size() < 1000 ? 3 : 4;
    tasks_.resize(raw.size());
    for (size_t i = 0; i < order.size(); ++i) {
      Raw& t = raw[order[i]];
      Task& out = tasks_[i];
      out.id = Padded("T", static_cast<int>(i) + 1, width);
      out.name = std::move(t.name);
      out.start = t.start;
      out.finish = t.finish;
      for (int d : t.deps) out.deps.push_back(final_index[d]);
    }
    last_finish_ = start_;
    for (const Task& t : tasks_) last_finish_ = std::max(last_finish_, t.finish);
  }

  // ---- prose
  std::string Sentence(Rng& r) {
    const Phrase& object = r.Pick(kObjects);
    used_acronyms_ |= object.acronyms;
    std::string s = std::string(r.Pick(kSubjects)) + " " + std::string(r.Pick(kVerbs)) + " " +
                    std::string(object.text);
    if (r.Percent(70)) s += " " + std::string(r.Pick(kQualifiers));
    return s + ".";
  }
  std::string Paragraph(Rng& r, int sentences) {
    std::string p;
    for (int i = 0; i < sentences; ++i) {
      if (i) p += " ";
      p += Sentence(r);
    }
    return p;
  }
  std::string Prose(uint64_t index, std::string opening, int paragraphs, int min_sentences,
                    int max_sentences) {
    Rng r(seed_, kSecProse, index);
    std::string text = std::move(opening);
    for (int i = 0; i < paragraphs; ++i) {
      if (!text.empty()) text += i == 0 ? " " : "\n\n";
      text += Paragraph(r, r.Between(min_sentences, max_sentences));
    }
    return text;
  }

  // Prose is made only for the fields the plan has, so that the glossary
  // defines exactly the acronyms the written prose uses. Without a glossary
  // (the smallest plans) the prose uses no acronyms.
  void MakeProse() {
    const Shape& sh = shape_;
    std::string intro = "This plan describes how the " + std::string(dept_->name) +
                        " will install, deploy and hand " + system_ + " to operations.";
    if (sh.glossary) {
      used_acronyms_ |= Bit(kIMP) | Bit(kCAPMF);
      intro = "This Implementation Management Plan (IMP) describes how the " +
              std::string(dept_->name) + " will install, deploy and hand " + system_ +
              " to operations. It follows the CA-PMF template and covers the schedule, staffing, "
              "security, support, site preparation, risks and acceptance of the system.";
    }
    introduction_ = Prose(1, intro, sh.intro_paragraphs, 2, 4);
    if (problem_acronym_) {
      introduction_ +=
          " The system replaces the ERP interfaces that the Department built for the legacy "
          "application.";
    }
    if (sh.management) {
      management_overview_ =
          Prose(2,
                "The Project Manager, " + Pm().name +
                    ", leads the implementation and reports every two weeks to the Project "
                    "Sponsor and monthly to the steering committee.",
                sh.management_paragraphs, 2, 4);
    }
    overview_ = Prose(3,
                      system_ + " supports the " + std::string(dept_->division) +
                          " and replaces an application that the Department can no longer "
                          "maintain.",
                      sh.overview_paragraphs, 2, 4);
    if (sh.organization) {
      organization_ = Prose(4, system_ + " is organized in layers, described below.",
                            sh.other_paragraphs, 1, 3);
    }
    if (sh.security) {
      security_ = Prose(5,
                        "The system holds PII and is protected according to SAM Chapter 5300 "
                        "and the SIMM.",
                        sh.other_paragraphs, 1, 3);
      used_acronyms_ |= Bit(kPII) | Bit(kSAM) | Bit(kSIMM);
    }
    process_ = Prose(6,
                     "The Project Sponsor accepts the system at the go-live readiness review when "
                     "the criteria below are met.",
                     sh.other_paragraphs, 1, 2);
    for (int i = 0; i < sh.assumptions; ++i) {
      assumption_text_.push_back(Prose(100 + i, "", 1, 1, 2));  // acronyms: glossary is on
    }
    static constexpr std::string_view kConstraintOpenings[] = {
        "The system must be in production before support for the legacy platform ends.",
        "Implementation costs are limited to the budget approved in the funding request.",
        "Scope is limited to the business processes listed in the System Overview; other "
        "requests go through change control."};
    for (int i = 0; i < sh.constraints; ++i) {
      constraint_text_.push_back(
          Prose(200 + i, std::string(kConstraintOpenings[i]), sh.other_paragraphs, 1, 2));
    }
    for (int i = 0; i < sh.major_tasks; ++i) {
      Rng r(seed_, kSecTasks, i);
      const CriterionTemplate& c = r.Pick(kCriteria);
      std::string text = "Measure: " + std::string(c.measure) + ".";
      if (sh.success_sentence) text += " " + Sentence(r);
      criteria_text_.push_back(std::move(text));
    }
  }

  // ---- writing
  void Write(JsonWriter& w) {
    w.BeginObject();
    w.Member("format", "imp/1");
    const Shape& sh = shape_;
    if (sh.document) WriteDocument(w);
    if (sh.history) WriteVersionHistory(w);
    w.Member("introduction", introduction_);
    if (sh.assumptions_on) WriteAssumptions(w);
    if (sh.constraints > 0) WriteConstraints(w);
    WriteSystemOverview(w);
    if (sh.organization) WriteSystemOrganization(w);
    if (sh.glossary) WriteGlossary(w);
    if (sh.management) w.Member("management_overview", management_overview_);
    WritePeople(w);
    WriteMajorTasks(w);
    WriteSchedule(w);
    if (sh.security) WriteSecurity(w);
    if (sh.support) WriteSupport(w);
    if (sh.issues > 0) WriteIssues(w);
    if (sh.sites_on) WriteSites(w);
    WriteRisks(w);
    WriteAcceptance(w);
    w.EndObject();
  }

  std::string Version() const {
    const int n = std::max(1, shape_.versions);
    const int major = status_ == "draft" || status_ == "review" ? 0 : 1 + (n - 1) / 5;
    const int minor = major == 0 ? n : (n - 1) % 5;
    return std::to_string(major) + "." + std::to_string(minor);
  }

  void WriteDocument(JsonWriter& w) {
    w.Key("document");
    w.BeginObject();
    w.Member("title", "Implementation Management Plan: " + system_);
    w.Member("project", project_name_);
    w.Member("department", dept_->name);
    w.Member("system_name", system_);
    w.Member("version", Version());
    w.Member("date", Date(doc_date_));
    w.Member("owner", Pm().name);
    w.Member("status", status_);
    w.EndObject();
  }

  void WriteVersionHistory(JsonWriter& w) {
    static constexpr std::string_view kChanges[] = {
        "Initial draft from the approved project charter.",
        "Incorporated comments from the Quality Assurance Manager.",
        "Updated the schedule after the vendor's baseline was approved.",
        "Added site readiness checklists and contacts.",
        "Revised risks and contingencies after the quarterly review.",
        "Recorded acceptance criteria agreed with the program managers.",
        "Approved by the Project Sponsor."};
    w.Key("version_history");
    w.BeginArray();
    const int n = shape_.versions;
    for (int i = 0; i < n; ++i) {
      Rng r(seed_, kSecMisc, 1000 + i);
      const bool draft = status_ == "draft" || status_ == "review";
      std::string v = draft ? "0." + std::to_string(i + 1)
                            : std::to_string(1 + i / 5) + "." + std::to_string(i % 5);
      w.BeginObject();
      w.Member("version", v);
      w.Member("date", Date(doc_date_ - 14 * (n - 1 - i)));
      w.Member("author", i % 3 == 2 ? people_[2].name : Pm().name);
      w.Member("description", kChanges[i % std::size(kChanges)]);
      w.EndObject();
    }
    w.EndArray();
  }

  void WriteAssumptions(JsonWriter& w) {
    w.Key("assumptions");
    w.BeginArray();
    for (int i = 0; i < shape_.assumptions; ++i) {
      w.BeginObject();
      std::string name(kAssumptions[i % std::size(kAssumptions)]);
      if (i >= static_cast<int>(std::size(kAssumptions))) {
        name += " " + std::to_string(i / std::size(kAssumptions) + 1);
      }
      w.Member("assumption", name);
      w.Member("description", assumption_text_[i]);
      w.EndObject();
    }
    w.EndArray();
  }

  void WriteConstraints(JsonWriter& w) {
    Rng r(seed_, kSecMisc, 1);
    w.Key("constraints");
    w.BeginArray();
    const Day deadline = problem_deadline_ ? last_finish_ - 10 : last_finish_ + r.Between(20, 90);
    const int64_t budget = 250000 * r.Between(4, 160);
    for (int i = 0; i < shape_.constraints; ++i) {
      w.BeginObject();
      static constexpr std::string_view kNames[] = {"Time", "Cost", "Scope"};
      w.Member("constraint", kNames[i]);
      w.Member("description", constraint_text_[i]);
      if (i == 0) w.Member("deadline", Date(deadline));
      if (i == 1) w.MemberInt("budget", budget);
      w.EndObject();
    }
    w.EndArray();
  }

  void WriteSystemOverview(JsonWriter& w) {
    Rng r(seed_, kSecMisc, 2);
    static constexpr std::string_view kCriticality[] = {"mission-critical", "business-critical",
                                                        "business-critical", "non-critical"};
    static constexpr std::string_view kProcesses[] = {
        "Intake of applications and reports", "Eligibility determination",
        "Assignment of work to staff",        "Inspection and investigation",
        "Fee calculation and payment",        "Supervisory review and approval",
        "Notices and correspondence",         "Monthly management reporting"};
    static constexpr std::string_view kPartners[] = {"State Controller's Office payment system",
                                                     "County referral hub",
                                                     "Enterprise data warehouse",
                                                     "Statewide identity service",
                                                     "Department of Justice records index",
                                                     "State payment processor"};
    w.Key("system_overview");
    w.BeginObject();
    w.Member("description", overview_);
    w.Member("version", std::to_string(r.Between(1, 4)) + "." + std::to_string(r.Between(0, 9)) +
                            "." + std::to_string(r.Between(0, 20)));
    w.Member("criticality", r.Pick(kCriticality));
    std::vector<std::string> processes;
    const int np = shape_.document ? r.Between(2, 5) : 1;
    for (int i = 0; i < np; ++i) processes.emplace_back(kProcesses[(i * 3 + np) % 8]);
    w.MemberStrings("business_processes", processes);
    w.Key("interfaces");
    w.BeginArray();
    const int ni = shape_.interfaces;
    for (int i = 0; i < ni; ++i) {
      w.BeginObject();
      w.Member("system", kPartners[(i + np) % std::size(kPartners)]);
      w.Member("description", "Exchanges records nightly over a secured connection.");
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }

  void WriteSystemOrganization(JsonWriter& w) {
    w.Key("system_organization");
    w.BeginObject();
    w.Member("description", organization_);
    w.Key("layers");
    w.BeginArray();
    for (int i = 0; i < shape_.layers; ++i) {
      Rng r(seed_, kSecLayers, i);
      w.BeginObject();
      w.Member("name", kLayerNames[i % std::size(kLayerNames)]);
      w.MemberStrings("functions", {std::string(kLayerFunctions[(2 * i) % 12]),
                                    std::string(kLayerFunctions[(2 * i + 1) % 12])});
      w.Key("hardware");
      w.BeginArray();
      if (r.Percent(50)) {
        const HardwareModel& h = r.Pick(kHardware);
        w.BeginObject();
        w.Member("manufacturer", h.manufacturer);
        w.Member("type", h.type);
        w.Member("model", h.model);
        w.Member("configuration", h.configuration);
        w.EndObject();
      }
      w.EndArray();
      w.Key("software");
      w.BeginArray();
      {
        const SoftwareProduct& s = r.Pick(kSoftware);
        w.BeginObject();
        w.Member("publisher", s.publisher);
        w.Member("title", s.title);
        w.Member("function", s.function);
        w.Member("version", s.version);
        w.EndObject();
      }
      w.EndArray();
      w.Key("cloud");
      w.BeginArray();
      if (r.Percent(40)) {
        const CloudService& c = r.Pick(kCloud);
        w.BeginObject();
        w.Member("provider", c.provider);
        w.Member("service_type", c.type);
        w.EndObject();
      }
      w.EndArray();
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }

  void WriteGlossary(JsonWriter& w) {
    struct Entry {
      std::string key, term, definition;
    };
    std::vector<Entry> entries;
    for (int a = 0; a < kNumAcronyms; ++a) {
      if (used_acronyms_ & Bit(a)) {
        entries.push_back(
            {"", std::string(kAcronyms[a].term), std::string(kAcronyms[a].definition)});
      }
    }
    std::set<std::string> seen;
    const int adjectives = static_cast<int>(std::size(kGlossaryAdjectives));
    const int nouns = static_cast<int>(std::size(kGlossaryNouns));
    for (int i = 0; i < shape_.glossary_fill; ++i) {
      Rng r(seed_, kSecGlossary, i);
      std::string term;
      for (int attempt = 0;; ++attempt) {
        term = std::string(kGlossaryAdjectives[r.Below(adjectives)]) + " " +
               std::string(kGlossaryNouns[r.Below(nouns)]);
        if (attempt > 8) term += " " + std::to_string(i);
        if (seen.insert(term).second) break;
      }
      std::string definition = std::string(r.Pick(kDefinitionOpenings)) + " " +
                               std::string(r.Pick(kDefinitionObjects)) + ".";
      entries.push_back({"", std::move(term), std::move(definition)});
    }
    for (Entry& e : entries) {
      for (char c : e.term) {
        e.key.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
      }
    }
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
      return a.key != b.key ? a.key < b.key : a.term < b.term;
    });
    w.Key("glossary");
    w.BeginArray();
    for (const Entry& e : entries) {
      w.BeginObject();
      w.Member("term", e.term);
      w.Member("definition", e.definition);
      w.EndObject();
    }
    w.EndArray();
  }

  void WritePeople(JsonWriter& w) {
    w.Key("points_of_contact");
    w.BeginArray();
    for (const Person& p : people_) {
      w.BeginObject();
      w.Member("role", p.role);
      w.Member("name", p.name);
      w.Member("organization", p.organization);
      w.Member("email", p.email);
      w.Member("phone", p.phone);
      w.EndObject();
    }
    w.EndArray();
  }

  void WriteMajorTasks(JsonWriter& w) {
    static constexpr std::string_view kResources[] = {"Vendor implementation team",
                                                      "Production and test environments",
                                                      "Regional office subject matter experts",
                                                      "Test management workspace",
                                                      "Training rooms and laptops",
                                                      "Cutover runbook",
                                                      "Conversion scripts and mapping workbook",
                                                      "Service desk staff with extended hours"};
    w.Key("major_tasks");
    w.BeginArray();
    const int n = std::min<int>(shape_.major_tasks, static_cast<int>(tasks_.size()));
    for (int i = 0; i < n; ++i) {
      Rng r(seed_, kSecTasks, 1000 + i);
      // Spread over the schedule, the kickoff left out.
      const size_t pick =
          tasks_.size() > 1 ? 1 + (static_cast<size_t>(i) * (tasks_.size() - 1)) / n : 0;
      const Task& t = tasks_[pick];
      w.BeginObject();
      std::string name = t.name;
      if (missing_ == 2 && i == n - 1) name += " activities";
      w.Member("task", name);
      std::vector<std::string> resources;
      const int nr = shape_.document ? r.Between(1, 3) : 1;
      for (int k = 0; k < nr; ++k) resources.emplace_back(kResources[(i + 3 * k) % 8]);
      w.MemberStrings("resources", resources);
      w.Key("key_staff");
      w.BeginArray();
      const size_t first = r.Below(people_.size());
      const int ns = people_.size() > 2 && r.Percent(50) ? 2 : 1;
      for (int k = 0; k < ns; ++k) {
        const Person& p = people_[(first + static_cast<size_t>(k) * 2) % people_.size()];
        w.BeginObject();
        w.Member("name", p.name);
        w.Member("role", p.role);
        w.EndObject();
      }
      w.EndArray();
      w.Member("success_criteria", criteria_text_[i]);
      w.EndObject();
    }
    w.EndArray();
  }

  void WriteSchedule(JsonWriter& w) {
    w.Key("schedule");
    w.BeginArray();
    for (const Task& t : tasks_) {
      w.BeginObject();
      w.Member("id", t.id);
      w.Member("task", t.name);
      w.Member("planned_start", Date(t.start));
      w.Member("planned_finish", Date(t.finish));
      w.Key("depends_on");
      w.BeginArray(true);
      for (int d : t.deps) w.String(tasks_[d].id);
      w.EndArray();
      if (t.finish < doc_date_) {
        w.Member("actual_start", Date(t.start));
        w.Member("actual_finish", Date(t.finish));
        w.MemberInt("percent_complete", 100);
      } else if (t.start < doc_date_) {
        w.Member("actual_start", Date(t.start));
        w.MemberInt("percent_complete", 50);
      }
      w.EndObject();
    }
    w.EndArray();
  }

  void WriteSecurity(JsonWriter& w) {
    Rng r(seed_, kSecMisc, 3);
    w.Key("security");
    w.BeginObject();
    std::vector<std::string> sensitive = {"PII"};
    const int ns = r.Between(0, 2);
    for (int i = 0; i < ns; ++i) sensitive.emplace_back(kSensitive[1 + (i * 2 + ns) % 4]);
    w.MemberStrings("sensitive_data", sensitive);
    w.Member("description", security_);
    std::vector<std::string> controls;
    const int nc = r.Between(3, 6);
    for (int i = 0; i < nc; ++i) controls.emplace_back(kControls[(i * 3 + nc) % 10]);
    w.MemberStrings("controls", controls);
    w.EndObject();
  }

  void WriteMaintenance(JsonWriter& w, Rng& r, std::string_view contract, std::string_view contact,
                        bool expired) {
    static constexpr std::string_view kLevels2[] = {"4-hour onsite, 24x7", "Next business day",
                                                    "Business hours", "Premier, 1-hour response"};
    w.Key("maintenance");
    w.BeginObject();
    w.Member("contract", contract);
    w.Member("contact", contact);
    w.Member("level", r.Pick(kLevels2));
    const Day expiration =
        expired ? start_ + r.Between(-60, 120) : last_finish_ + r.Between(120, 1000);
    w.Member("expiration", Date(expiration));
    w.EndObject();
  }

  std::string HardwareId(int i) const {
    if (options_.portfolio) {
      // A shared pool of 40 ids per office: plans of one portfolio reuse
      // equipment ids.
      Rng r(seed_, kSecPortfolio, 2);
      const int base = static_cast<int>(r.Below(40));
      const int k = (base + i) % 40;
      const Office& office = kOffices[(home_office_ + i / 40) % std::size(kOffices)];
      if (i < 40 * static_cast<int>(std::size(kOffices))) {
        return Padded("HW-" + std::string(office.code) + "-", k + 1, 4);
      }
    }
    return Padded("HW-" + std::string(kOffices[home_office_].code) + "-", 1001 + i, 5);
  }

  void WriteSupport(JsonWriter& w) {
    const std::string division = std::string("Information Technology Division");
    w.Key("support");
    w.BeginObject();
    w.Key("hardware");
    w.BeginArray();
    for (int i = 0; i < shape_.hardware; ++i) {
      Rng r(seed_, kSecHardware, i);
      const HardwareModel& h = r.Pick(kHardware);
      const Office& office =
          kOffices[(options_.portfolio ? home_office_ + i / 40 : i) % std::size(kOffices)];
      w.BeginObject();
      w.Member("id", HardwareId(i));
      w.Member("type", h.type);
      w.Member("model", std::string(h.manufacturer) + " " + std::string(h.model));
      if (!(missing_ == 3 && i == 0)) {
        w.Member("location", std::string(office.city) + " " + std::string(kOfficeKinds[0]) + ", " +
                                 std::string(office.address));
      }
      w.Member("owner", division);
      const bool placeholder = placeholder_ == 2 && i == 0;
      WriteMaintenance(w, r, std::string(h.manufacturer) + " support agreement",
                       placeholder ? "[Vendor Name] support desk"
                                   : std::string(h.manufacturer) + " technical support",
                       problem_expired_ && i == 0);
      if (r.Percent(50)) {
        w.Member("licenses", "Not applicable");
      } else {
        w.MemberInt("licenses", r.Between(1, 40));
      }
      w.EndObject();
    }
    w.EndArray();
    w.Key("software");
    w.BeginArray();
    static constexpr std::string_view kOrigins[] = {"COTS", "COTS", "COTS", "custom", "legacy"};
    for (int i = 0; i < shape_.software; ++i) {
      Rng r(seed_, kSecSoftware, i);
      const SoftwareProduct& s = r.Pick(kSoftware);
      w.BeginObject();
      w.Member("id", Padded("SW-", i + 1, 3));
      w.Member("type", s.function);
      w.Member("version", std::string(s.title) + " " + std::string(s.version));
      w.Member("origin", r.Pick(kOrigins));
      w.Member("location", r.Percent(50) ? "State data center, Rancho Cordova"
                                         : std::string(r.Pick(kCloud).provider));
      w.Member("owner", division);
      WriteMaintenance(w, r, std::string(s.publisher) + " subscription",
                       std::string(s.publisher) + " support", false);
      w.MemberInt("licenses", 10 * r.Between(1, 200));
      w.EndObject();
    }
    w.EndArray();
    w.Key("facilities");
    w.BeginArray();
    for (int i = 0; i < shape_.facilities; ++i) {
      Rng r(seed_, kSecSupport, i);
      const Office& office = kOffices[(home_office_ + i) % std::size(kOffices)];
      w.BeginObject();
      w.Member("purpose", i == 0 ? std::string("Cutover command center")
                                 : "End-user training, " + std::string(office.city));
      w.Member("size", "Room for " + std::to_string(r.Between(8, 30)) + " people");
      w.MemberStrings("resources", {"Laptops with test environment access", "Projector"});
      const bool tbd = tbd_ == 0 && i == 0;
      w.Member("hours", tbd ? "TBD" : "8:00 AM to 5:00 PM, Monday to Friday");
      const Day s = tasks_[std::min(tasks_.size() - 1, static_cast<size_t>(i))].start;
      w.Member("start", Date(s));
      w.Member("finish", Date(s + r.Between(10, 60)));
      w.EndObject();
    }
    w.EndArray();
    w.Key("materials");
    w.BeginArray();
    static constexpr std::string_view kMaterials[] = {"Cutover runbook", "Quick reference cards",
                                                      "Training workbook", "Installation media",
                                                      "Site readiness checklist"};
    for (int i = 0; i < shape_.materials; ++i) {
      Rng r(seed_, kSecSupport, 1000 + i);
      w.BeginObject();
      w.Member("item", kMaterials[i % std::size(kMaterials)]);
      w.Member("identification", Padded("IMP-MAT-", i + 1, 3));
      const bool placeholder = placeholder_ == 3 && i == 0;
      w.Member("version",
               placeholder ? std::string("X.X") : "1." + std::to_string(r.Between(0, 9)));
      w.Member("owner", SomeName(r));
      w.EndObject();
    }
    w.EndArray();
    w.Key("documentation");
    w.BeginArray();
    static constexpr std::string_view kDocs[] = {
        "System Administration Guide", "Operations Runbook",     "User Guide",
        "Interface Control Document",  "Disaster Recovery Plan", "Security Plan"};
    for (int i = 0; i < shape_.documentation; ++i) {
      Rng r(seed_, kSecSupport, 2000 + i);
      w.BeginObject();
      std::string title = system_ + " " + std::string(kDocs[i % std::size(kDocs)]);
      if (i >= static_cast<int>(std::size(kDocs))) {
        title += ", volume " + std::to_string(i / std::size(kDocs) + 1);
      }
      w.Member("title", title);
      w.Member("description", "Procedures and reference information for the support team.");
      w.Member("version", "1." + std::to_string(r.Between(0, 9)));
      w.Member("owner", SomeName(r));
      w.EndObject();
    }
    w.EndArray();
    w.Key("personnel");
    w.BeginArray();
    static constexpr std::string_view kStaffing[] = {"State staff", "Vendor staff",
                                                     "Service desk analysts", "Contract trainers"};
    static constexpr std::string_view kFte[] = {"0.25", "0.5", "1", "1.5", "2", "3"};
    for (int i = 0; i < shape_.personnel; ++i) {
      Rng r(seed_, kSecSupport, 3000 + i);
      w.BeginObject();
      w.Member("staffing_type", kStaffing[i % std::size(kStaffing)]);
      w.Member("skills", "Application support, configuration and user administration");
      w.MemberBool("security_clearance", r.Percent(60));
      w.Key("fte");
      w.RawNumber(r.Pick(kFte));
      w.Member("start", Date(start_ + 7 * r.Between(0, 10)));
      w.Member("finish", Date(last_finish_ + r.Between(0, 365)));
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }

  void WriteIssues(JsonWriter& w) {
    w.Key("known_issues");
    w.BeginArray();
    for (int i = 0; i < shape_.issues; ++i) {
      Rng r(seed_, kSecIssues, i);
      w.BeginObject();
      w.Member("id", Padded("KI-", i + 1, 3));
      w.Member("description", r.Pick(kIssues));
      w.Member("status", r.Percent(60) ? "open" : "closed");
      w.Member("owner", SomeName(r));
      w.MemberBool("logged", !r.Percent(8));
      w.EndObject();
    }
    w.EndArray();
  }

  void WriteSites(JsonWriter& w) {
    w.Key("sites");
    w.BeginArray();
    for (int i = 0; i < shape_.sites; ++i) {
      Rng r(seed_, kSecSites, i);
      const int n_offices = static_cast<int>(std::size(kOffices));
      const Office& office = kOffices[(home_office_ + i) % n_offices];
      std::string location = std::string(office.city) + " " +
                             std::string(kOfficeKinds[(i / n_offices) % 4]) + ", " +
                             std::string(office.address);
      if (i >= 4 * n_offices) location += ", floor " + std::to_string(i / (4 * n_offices) + 1);
      const Person& contact = people_[r.Below(people_.size())];
      w.BeginObject();
      w.Member("location", location);
      w.Key("contact");
      w.BeginObject();
      w.Member("name", contact.name);
      w.Member("phone",
               std::string(office.area_code) + "-555-01" + Padded("", r.Between(0, 99), 2));
      w.EndObject();
      w.Key("site_visits");
      w.BeginArray();
      const Day visit = last_finish_ - 7 * r.Between(4, 12);
      w.BeginObject();
      const bool placeholder = placeholder_ == 0 && i == 0;
      w.Member("date", placeholder ? std::string("XX/XX/XXXX") : Date(WorkingDayFrom(visit)));
      w.Member("purpose", "Network and workstation survey");
      w.EndObject();
      w.EndArray();
      const bool tbd = tbd_ == 1 && i == 0;
      w.Member("preparation", tbd ? "Network drops TBD; depends on the building survey."
                                  : "Workstations imaged with the supported browser, network "
                                    "capacity confirmed and training room equipped.");
      w.Member("readiness_verification",
               "Readiness checklist signed by the site contact and the Technical Lead one week "
               "before go-live.");
      w.EndObject();
    }
    w.EndArray();
  }

  void WriteRisks(JsonWriter& w) {
    w.Key("risks");
    w.BeginArray();
    for (int i = 0; i < shape_.risks; ++i) {
      Rng r(seed_, kSecRisks, i);
      const RiskTemplate& t = r.Pick(kRisks);
      w.BeginObject();
      w.Member("id", Padded("R-", i + 1, 3));
      w.Member("trigger", t.trigger);
      std::vector<std::string> steps;
      const int ns = shape_.document ? r.Between(2, 3) : 1;
      for (int k = 0; k < ns; ++k) steps.emplace_back(t.steps[k]);
      w.MemberStrings("response", steps);
      const bool no_owner = missing_ == 4 && i == 0;
      w.Member("owner", no_owner ? std::string() : SomeName(r));
      w.Member("probability", r.Pick(kLevels));
      w.Member("impact", r.Pick(kLevels));
      w.EndObject();
    }
    w.EndArray();
  }

  void WriteAcceptance(JsonWriter& w) {
    static constexpr std::string_view kDiscrepancies =
        "Discrepancies found during acceptance are logged as defects, rated by severity and "
        "assigned to the vendor. Severity 1 and 2 defects are corrected and retested before "
        "acceptance; others may be deferred with the Project Sponsor's agreement.";
    w.Key("acceptance");
    w.BeginObject();
    w.Member("process", process_);
    if (shape_.discrepancies) w.Member("discrepancies", kDiscrepancies);
    w.Key("criteria");
    w.BeginArray();
    const int n = shape_.criteria;
    // Drafts have verified little; approved plans most; implemented plans all.
    int met = 0;
    if (status_ == "review") met = n / 4;
    if (status_ == "approved") met = (3 * n) / 4;
    if (status_ == "implemented") met = n;
    for (int i = 0; i < n; ++i) {
      Rng r(seed_, kSecCriteria, i);
      const CriterionTemplate& c = kCriteria[i % std::size(kCriteria)];
      w.BeginObject();
      w.Member("id", Padded("AC-", i + 1, 2));
      std::string criterion(c.criterion);
      if (i >= static_cast<int>(std::size(kCriteria))) {
        criterion += ", release " + std::to_string(i / std::size(kCriteria) + 1);
      }
      w.Member("criterion", criterion);
      if (!(missing_ == 1 && i == n - 1)) w.Member("measure", c.measure);
      if (i < met) {
        w.Member("status", "met");
        w.Member("evidence", c.evidence);
        w.Member("verified_by", SomeName(r));
        w.Member("verified_on", Date(std::min(doc_date_, last_finish_) - r.Between(1, 30)));
      } else {
        w.Member("status", "pending");
      }
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }

  const uint64_t seed_;
  const Shape shape_;
  const Options options_;

  const Department* dept_ = nullptr;
  std::string system_, project_name_, status_;
  Day start_ = 0, doc_date_ = 0, last_finish_ = 0;
  bool us_dates_ = false;
  int home_office_ = 0;
  int placeholder_ = -1, tbd_ = -1, missing_ = -1;
  bool problem_acronym_ = false, problem_expired_ = false, problem_deadline_ = false;

  std::set<std::string> used_names_;
  std::vector<Person> people_;
  std::vector<Task> tasks_;
  uint32_t used_acronyms_ = 0;
  std::string introduction_, management_overview_, overview_, organization_, security_, process_;
  std::vector<std::string> assumption_text_, constraint_text_, criteria_text_;
};

std::string Make(Knob k, uint64_t seed, const Options& options) {
  return PlanMaker(seed, ShapeFor(k), options).Make();
}

int64_t Off(const std::string& plan, size_t target) {
  const auto size = static_cast<int64_t>(plan.size());
  const auto t = static_cast<int64_t>(target);
  return size > t ? size - t : t - size;
}

// Finds the knob whose plan is closest to `target`. The size grows almost
// linearly with the knob, so a few secant steps inside a shrinking bracket
// suffice.
std::string Search(size_t target, uint64_t seed, const Options& options) {
  const auto t = static_cast<int64_t>(target);
  Knob lo_k = 0;
  std::string lo = Make(lo_k, seed, options);
  if (lo.size() >= target) return lo;
  Knob hi_k = kFull;
  std::string hi = Make(hi_k, seed, options);
  while (hi.size() < target) {
    lo_k = hi_k;
    lo = std::move(hi);
    // About 5 bytes per hundredth of a step beyond the full plan.
    hi_k += std::max<Knob>(kFull, (t - static_cast<int64_t>(lo.size())) / 4);
    hi = Make(hi_k, seed, options);
  }
  std::string best = Off(hi, target) < Off(lo, target) ? hi : lo;
  for (int step = 0; step < 40 && 50 * Off(best, target) > t && hi_k - lo_k > 1; ++step) {
    const int64_t span = static_cast<int64_t>(hi.size()) - static_cast<int64_t>(lo.size());
    Knob k = span > 0 ? lo_k + (hi_k - lo_k) * (t - static_cast<int64_t>(lo.size())) / span
                      : (lo_k + hi_k) / 2;
    // Stay strictly inside the bracket so that it shrinks.
    const Knob margin = std::max<Knob>(1, (hi_k - lo_k) / 8);
    k = std::clamp(k, lo_k + margin, hi_k - margin);
    std::string mid = Make(k, seed, options);
    if (Off(mid, target) < Off(best, target)) best = mid;
    if (mid.size() < target) {
      lo_k = k;
      lo = std::move(mid);
    } else {
      hi_k = k;
      hi = std::move(mid);
    }
  }
  return best;
}

// The plan closest to `target`: pretty-printed, or minified when even the
// smallest pretty plan is too large.
std::string MakeSized(size_t target, uint64_t seed, Options options) {
  std::string plan = Search(target, seed, options);
  if (100 * plan.size() > 108 * target) {
    options.compact = true;
    std::string compact = Search(target, seed, options);
    if (Off(compact, target) < Off(plan, target)) plan = std::move(compact);
  }
  return plan;
}

}  // namespace

std::string GeneratePlan(size_t target_bytes, uint64_t seed) {
  return MakeSized(target_bytes, seed, Options{});
}

std::string GeneratePortfolioPlan(uint64_t index, uint64_t seed) {
  Rng r(seed, kSecPortfolio, index);
  // Mostly 5-40 KB, about one plan in ten 40-150 KB; within each range the
  // square of a uniform draw favours the smaller sizes. Integer arithmetic
  // only, so every platform gets the same sizes.
  const bool large = r.Percent(10);
  const uint64_t lo = (large ? 40 : 5) * 1024;
  const uint64_t hi = (large ? 150 : 40) * 1024;
  const uint64_t k = r.Below(1024);
  const size_t size = static_cast<size_t>(lo + (hi - lo) * k * k / (1024 * 1024));
  const uint64_t plan_seed = Mix(seed ^ Mix(index + 0x5eed));
  return MakeSized(size, plan_seed, Options{.portfolio = true});
}

}  // namespace planlint::bench
