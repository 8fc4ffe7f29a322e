//! Static reference data: places, names, merchants. All invented or generic; the chains that appear on
//! everyday card slips (supermarkets, fuel) are named as card descriptors show them, while every merchant the
//! operation uses (hotels, ad site, ride app, car dealer) is fictitious.

use crate::calendar::Zone;

/// A place where things happen.
#[derive(Debug)]
pub(crate) struct City {
    /// Name as written on statements.
    pub name: &'static str,
    /// Its time zone.
    pub zone: Zone,
    /// ISO 3166-1 alpha-2.
    pub country: &'static str,
    /// Postcode of its centre.
    pub postcode: &'static str,
    /// Nordbank's first branch number there, if Nordbank has branches in the city.
    pub branch: Option<u32>,
}

const fn de(name: &'static str, postcode: &'static str, branch: Option<u32>) -> City {
    City { name, zone: Zone::Berlin, country: "DE", postcode, branch }
}
const fn uk(name: &'static str, postcode: &'static str) -> City {
    City { name, zone: Zone::London, country: "GB", postcode, branch: None }
}

pub(crate) static HAMBURG: City = de("Hamburg", "20099", Some(401));
pub(crate) static BREMEN: City = de("Bremen", "28195", Some(421));
pub(crate) static HANNOVER: City = de("Hannover", "30159", Some(511));
pub(crate) static KIEL: City = de("Kiel", "24103", Some(431));
pub(crate) static LUEBECK: City = de("Lübeck", "23552", Some(451));
pub(crate) static BERLIN: City = de("Berlin", "10115", Some(301));
pub(crate) static ROSTOCK: City = de("Rostock", "18055", Some(381));
pub(crate) static OSNABRUECK: City = de("Osnabrück", "49074", Some(541));
pub(crate) static KOELN: City = de("Köln", "50667", None);
pub(crate) static DORTMUND: City = de("Dortmund", "44135", None);
pub(crate) static FRANKFURT: City = de("Frankfurt am Main", "60311", None);
pub(crate) static MUENCHEN: City = de("München", "80331", None);
/// Where the ad site is registered; card payments to it carry this location. Malta keeps Central European
/// time, like Germany.
pub(crate) static VALLETTA: City =
    City { name: "Valletta", zone: Zone::Berlin, country: "MT", postcode: "VLT 1010", branch: None };

pub(crate) static LONDON: City = uk("London", "E8 3RL");
pub(crate) static MANCHESTER: City = uk("Manchester", "M14 5TQ");
pub(crate) static BIRMINGHAM: City = uk("Birmingham", "B12 9QH");
pub(crate) static LEEDS: City = uk("Leeds", "LS6 2AB");
pub(crate) static BRISTOL: City = uk("Bristol", "BS5 6JQ");
pub(crate) static LIVERPOOL: City = uk("Liverpool", "L8 1TE");

/// Where Nordbank customers live (Nordbank is a northern German bank).
pub(crate) static NORD_HOMES: [&City; 6] = [&HAMBURG, &HAMBURG, &HAMBURG, &BREMEN, &KIEL, &LUEBECK];
/// Where Harbour Bank's UK customers live.
pub(crate) static UK_HOMES: [&City; 6] = [&LONDON, &LONDON, &MANCHESTER, &BIRMINGHAM, &LEEDS, &BRISTOL];

pub(crate) static DE_STREETS: [&str; 16] = [
    "Lindenstraße",
    "Bahnhofstraße",
    "Schillerstraße",
    "Goethestraße",
    "Am Markt",
    "Gartenweg",
    "Mühlenweg",
    "Kirchenallee",
    "Eppendorfer Weg",
    "Wandsbeker Chaussee",
    "Osterstraße",
    "Hafenstraße",
    "Rosenweg",
    "Friedrichstraße",
    "Holstenstraße",
    "Bergstraße",
];
pub(crate) static UK_STREETS: [&str; 12] = [
    "High Street",
    "Station Road",
    "Church Lane",
    "Victoria Road",
    "Mill Lane",
    "Park Avenue",
    "Queen's Road",
    "Grove Street",
    "Albert Terrace",
    "Canal Walk",
    "Elm Close",
    "Manor Way",
];

/// First names by origin: (female, male).
pub(crate) static DE_FIRST: (&[&str], &[&str]) = (
    &[
        "Anna", "Julia", "Katrin", "Sabine", "Laura", "Lena", "Miriam", "Petra", "Jana", "Sophie", "Claudia", "Nicole",
        "Maren", "Insa", "Frauke", "Jördis",
    ],
    &[
        "Thomas",
        "Michael",
        "Jan",
        "Lukas",
        "Stefan",
        "Jörg",
        "Björn",
        "Sebastian",
        "Tobias",
        "Matthias",
        "Frank",
        "Dirk",
        "Sören",
        "Niklas",
        "Felix",
        "Hauke",
    ],
);
pub(crate) static DE_LAST: &[&str] = &[
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Koch",
    "Bauer",
    "Richter",
    "Klein",
    "Wolf",
    "Schröder",
    "Neumann",
    "Schwarz",
    "Zimmermann",
    "Braun",
    "Hartmann",
    "Lange",
    "Werner",
    "Lehmann",
    "Jansen",
    "Petersen",
    "Thomsen",
    "Brandt",
    "Voß",
    "Ehlers",
];
pub(crate) static UK_FIRST: (&[&str], &[&str]) = (
    &[
        "Emma",
        "Olivia",
        "Sophie",
        "Charlotte",
        "Amelia",
        "Jessica",
        "Hannah",
        "Lucy",
        "Chloe",
        "Rachel",
        "Sarah",
        "Priya",
        "Aisha",
        "Niamh",
    ],
    &[
        "James", "Oliver", "Harry", "Jack", "George", "Thomas", "Daniel", "Samuel", "Mohammed", "Liam", "Ryan",
        "Arjun", "Callum", "Owen",
    ],
);
pub(crate) static UK_LAST: &[&str] = &[
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright", "Thompson",
    "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Patel", "Khan", "O'Brien", "Hughes", "Begum",
    "Murphy",
];
/// Names of people who appear only as counterparties (clients, relatives, payees), to draw distinct payers.
pub(crate) static PAYER_FIRST: &[&str] = &[
    "Markus",
    "Daniel",
    "Kevin",
    "Patrick",
    "Andreas",
    "Christian",
    "Florian",
    "Marco",
    "Dennis",
    "Sven",
    "Oliver",
    "Alexander",
    "Benjamin",
    "Timo",
    "Rene",
    "Holger",
    "Uwe",
    "Ralf",
    "Kai",
    "Torsten",
    "Ahmet",
    "Pawel",
    "Igor",
    "Nico",
    "Robert",
    "Philipp",
    "Heiko",
    "Carsten",
    "Mario",
    "Jens",
];
pub(crate) static PAYER_LAST: &[&str] = &[
    "Schmitz",
    "Krämer",
    "Vogel",
    "Friedrich",
    "Keller",
    "Günther",
    "Frank",
    "Berger",
    "Winkler",
    "Roth",
    "Beck",
    "Lorenz",
    "Baumann",
    "Franke",
    "Albrecht",
    "Schuster",
    "Simon",
    "Ludwig",
    "Böhm",
    "Winter",
    "Kraus",
    "Martin",
    "Schumacher",
    "Krüger",
    "Peters",
    "Stein",
    "Jäger",
    "Otto",
    "Sommer",
    "Groß",
    "Seidel",
    "Heinrich",
    "Brinkmann",
    "Haas",
    "Schreiber",
    "Graf",
    "Dietrich",
    "Ziegler",
    "Kuhn",
    "Pohl",
];

/// A merchant as card slips show it.
pub(crate) type Merchant = (&'static str, u16);

/// Everyday card spending in Germany, by category: (merchants, median amount EUR, log-normal σ, hours).
pub(crate) struct SpendCategory {
    /// Merchants with their MCC.
    pub merchants: &'static [Merchant],
    /// Median amount in currency units.
    pub median: f64,
    /// Log-normal shape.
    pub sigma: f64,
    /// Opening window (hours, triangular peak in the middle).
    pub hours: (f64, f64),
    /// Expected count per month for an average customer.
    pub per_month: f64,
}

// Medians and shapes: supermarket baskets are the bulk of card payments (median ~35 EUR, wide); restaurant
// bills cluster around 25–40; fast food under 10; fuel fills are narrow around a tank (~60); pharmacy and
// department-store tickets are small with a long tail. UK medians are similar in GBP.
pub(crate) static DE_SPEND: [SpendCategory; 8] = [
    SpendCategory {
        merchants: &[
            ("REWE", 5411),
            ("EDEKA", 5411),
            ("ALDI NORD", 5411),
            ("LIDL", 5411),
            ("PENNY", 5411),
            ("NETTO", 5411),
        ],
        median: 34.0,
        sigma: 0.6,
        hours: (8.0, 21.0),
        per_month: 3.2,
    },
    SpendCategory {
        merchants: &[
            ("RISTORANTE DA MARIO", 5812),
            ("GASTHAUS ZUM ANKER", 5812),
            ("SUSHI YOKO", 5812),
            ("THAI ORCHIDEE", 5812),
            ("BRAUHAUS NORD", 5812),
        ],
        median: 31.0,
        sigma: 0.45,
        hours: (11.5, 22.5),
        per_month: 0.7,
    },
    SpendCategory {
        merchants: &[("MCDONALDS", 5814), ("BURGER KING", 5814), ("DOENER PALAST", 5814), ("BAECKEREI HANSEN", 5814)],
        median: 8.9,
        sigma: 0.4,
        hours: (7.0, 22.0),
        per_month: 1.0,
    },
    SpendCategory {
        merchants: &[("ARAL", 5541), ("SHELL", 5541), ("JET", 5541), ("ESSO", 5541)],
        median: 62.0,
        sigma: 0.25,
        hours: (6.0, 21.0),
        per_month: 0.0, // car owners only, see population
    },
    SpendCategory {
        merchants: &[("APOTHEKE AM MARKT", 5912), ("ROSSMANN", 5912), ("DM DROGERIE", 5912)],
        median: 14.5,
        sigma: 0.6,
        hours: (8.0, 20.0),
        per_month: 0.6,
    },
    SpendCategory {
        merchants: &[("GALERIA", 5311), ("WOOLWORTH", 5311), ("KAUFHAUS STERN", 5311)],
        median: 39.0,
        sigma: 0.7,
        hours: (10.0, 20.0),
        per_month: 0.4,
    },
    SpendCategory {
        merchants: &[("HVV FAHRKARTE", 4111), ("DB FAHRKARTENAUTOMAT", 4111)],
        median: 3.6,
        sigma: 0.35,
        hours: (6.0, 20.0),
        per_month: 0.5,
    },
    SpendCategory {
        merchants: &[("H&M", 5651), ("C&A", 5651), ("DEICHMANN", 5661)],
        median: 44.0,
        sigma: 0.55,
        hours: (10.0, 20.0),
        per_month: 0.3,
    },
];

/// Everyday card spending in the UK (GBP).
pub(crate) static UK_SPEND: [SpendCategory; 8] = [
    SpendCategory {
        merchants: &[
            ("TESCO STORES", 5411),
            ("SAINSBURYS", 5411),
            ("ASDA", 5411),
            ("CO-OP FOOD", 5411),
            ("ALDI UK", 5411),
        ],
        median: 29.0,
        sigma: 0.6,
        hours: (8.0, 21.0),
        per_month: 3.2,
    },
    SpendCategory {
        merchants: &[("NANDOS", 5812), ("PIZZA EXPRESS", 5812), ("WAGAMAMA", 5812), ("THE RED LION", 5812)],
        median: 27.0,
        sigma: 0.45,
        hours: (11.5, 22.5),
        per_month: 0.7,
    },
    SpendCategory {
        merchants: &[("PRET A MANGER", 5814), ("GREGGS", 5814), ("MCDONALDS", 5814)],
        median: 6.8,
        sigma: 0.4,
        hours: (7.0, 21.0),
        per_month: 1.0,
    },
    SpendCategory {
        merchants: &[("BP", 5541), ("SHELL", 5541), ("ESSO", 5541)],
        median: 55.0,
        sigma: 0.25,
        hours: (6.0, 21.0),
        per_month: 0.0,
    },
    SpendCategory {
        merchants: &[("BOOTS", 5912), ("SUPERDRUG", 5912)],
        median: 11.0,
        sigma: 0.6,
        hours: (8.0, 20.0),
        per_month: 0.6,
    },
    SpendCategory {
        merchants: &[("JOHN LEWIS", 5311), ("DEBENHAMS", 5311), ("WILKO", 5311)],
        median: 35.0,
        sigma: 0.7,
        hours: (10.0, 20.0),
        per_month: 0.4,
    },
    SpendCategory {
        merchants: &[("TFL TRAVEL CH", 4111), ("NATIONAL RAIL", 4111)],
        median: 4.2,
        sigma: 0.35,
        hours: (6.0, 20.0),
        per_month: 0.5,
    },
    SpendCategory {
        merchants: &[("PRIMARK", 5651), ("NEXT", 5651), ("CLARKS", 5661)],
        median: 38.0,
        sigma: 0.55,
        hours: (10.0, 20.0),
        per_month: 0.3,
    },
];

/// Index of fuel in the spending tables.
pub(crate) const FUEL: usize = 3;

/// Budget hotels the operation books, one-night stays (fictitious).
pub(crate) static BUDGET_HOTELS: [&str; 5] =
    ["CITYSLEEP HOTEL", "HOTEL GARNI AM BAHNHOF", "NACHTQUARTIER", "EASYROOMS", "PENSION ZUR LINDE"];
/// Business hotels a frequent traveller uses (fictitious).
pub(crate) static BUSINESS_HOTELS: [&str; 4] =
    ["GRAND CONTINENTAL HOTEL", "HOTEL EUROPA PLAZA", "RIVERSIDE BUSINESS HOTEL", "MERIDIAN SUITES"];
/// Airlines (fictitious).
pub(crate) static AIRLINES: [&str; 3] = ["NORDAIR", "SKYLINK AIRWAYS", "EUROWINGS-X"];
/// The ride-hailing app (fictitious), MCC 4121.
pub(crate) const RIDE_APP: &str = "RIDEGO*TRIP";
/// The adult-ad site (fictitious), MCC 7311.
pub(crate) const AD_SITE: &str = "ESCORTDIR.COM";
/// The ad site's domain, as the registry's user account names the service.
pub(crate) const AD_SERVICE: &str = "escortdir.com";
/// The card acquirer that settles merchants' card takings (fictitious).
pub(crate) const ACQUIRER: &str = "NORDPAY ACQUIRING GMBH";
/// The money transfer operator used for cash remittances (fictitious).
pub(crate) const MSB: &str = "EUROCASH TRANSFER";
/// Harbour Bank's UK money transfer partner (fictitious).
pub(crate) const MSB_UK: &str = "QUICKREMIT";
