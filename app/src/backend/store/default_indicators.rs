//! The indicator set a municipality starts with: signals to look for, per position, age band
//! and area, written for Tværs. A municipality edits them as it sees fit.

use crate::domain::{AgeBand, IndicatorArea, Position};

use AgeBand::{Preschool, School, Toddler};
use IndicatorArea::{Participation, SecurityAndCare, SelfFeeling, SocialSkills};
use Position::{Green, Red, Yellow};

pub const DEFAULT_INDICATORS: &[(Position, AgeBand, IndicatorArea, &str)] = &[
    (
        Green,
        Toddler,
        SocialSkills,
        "Søger andre børn og voksne med blik, lyd og smil",
    ),
    (
        Green,
        Toddler,
        SecurityAndCare,
        "Lader sig trøste og falder til ro hos kendte voksne",
    ),
    (
        Green,
        Toddler,
        Participation,
        "Er nysgerrig og udforsker rummet og legetøjet",
    ),
    (
        Green,
        Toddler,
        SelfFeeling,
        "Viser glæde og tager initiativ til kontakt",
    ),
    (
        Yellow,
        Toddler,
        SocialSkills,
        "Søger sjældent kontakt eller trækker sig ofte fra andre",
    ),
    (
        Yellow,
        Toddler,
        SecurityAndCare,
        "Er svær at trøste eller virker utryg ved aflevering i længere tid",
    ),
    (
        Yellow,
        Toddler,
        Participation,
        "Deltager kun kortvarigt i leg og aktiviteter",
    ),
    (
        Yellow,
        Toddler,
        SelfFeeling,
        "Virker ofte trist, uoplagt eller urolig",
    ),
    (
        Red,
        Toddler,
        SocialSkills,
        "Reagerer næsten ikke på kontakt fra andre",
    ),
    (
        Red,
        Toddler,
        SecurityAndCare,
        "Viser tegn på mistrivsel i omsorgen (søvn, mad, hygiejne) over tid",
    ),
    (
        Red,
        Toddler,
        Participation,
        "Deltager ikke i fællesskabet, heller ikke med støtte",
    ),
    (
        Red,
        Toddler,
        SelfFeeling,
        "Er markant indadvendt eller udadreagerende det meste af tiden",
    ),
    (
        Green,
        Preschool,
        SocialSkills,
        "Indgår i leg, venter på tur og løser små konflikter",
    ),
    (
        Green,
        Preschool,
        SecurityAndCare,
        "Bruger de voksne, når noget er svært, og stoler på dem",
    ),
    (
        Green,
        Preschool,
        Participation,
        "Tager del i fællesskabet og har mindst én at lege med",
    ),
    (
        Green,
        Preschool,
        SelfFeeling,
        "Tør prøve nyt og er glad for at vise, hvad det kan",
    ),
    (
        Yellow,
        Preschool,
        SocialSkills,
        "Har svært ved at komme ind i leg eller ofte konflikter",
    ),
    (
        Yellow,
        Preschool,
        SecurityAndCare,
        "Søger ikke voksne, når det har brug for hjælp",
    ),
    (
        Yellow,
        Preschool,
        Participation,
        "Står ofte uden for legen eller skifter hurtigt aktivitet",
    ),
    (
        Yellow,
        Preschool,
        SelfFeeling,
        "Giver op hurtigt eller taler negativt om sig selv",
    ),
    (
        Red,
        Preschool,
        SocialSkills,
        "Er ofte alene og bliver holdt uden for af andre børn",
    ),
    (
        Red,
        Preschool,
        SecurityAndCare,
        "Fortæller om eller viser tegn på utryghed derhjemme",
    ),
    (
        Red,
        Preschool,
        Participation,
        "Trækker sig fra fællesskabet i de fleste situationer",
    ),
    (
        Red,
        Preschool,
        SelfFeeling,
        "Virker vedvarende ked af det, angst eller vred",
    ),
    (
        Green,
        School,
        SocialSkills,
        "Har venner og kan samarbejde i klassen",
    ),
    (
        Green,
        School,
        SecurityAndCare,
        "Føler sig tryg ved de voksne og beder om hjælp",
    ),
    (
        Green,
        School,
        Participation,
        "Deltager aktivt i undervisning og frikvarterer",
    ),
    (
        Green,
        School,
        SelfFeeling,
        "Har tro på egne evner og lyst til at lære",
    ),
    (
        Yellow,
        School,
        SocialSkills,
        "Har få eller skiftende relationer og flere konflikter",
    ),
    (
        Yellow,
        School,
        SecurityAndCare,
        "Virker ofte træt, sulten eller uforberedt",
    ),
    (
        Yellow,
        School,
        Participation,
        "Er ofte passiv eller urolig i undervisningen",
    ),
    (
        Yellow,
        School,
        SelfFeeling,
        "Er usikker på sig selv eller undgår opgaver",
    ),
    (
        Red,
        School,
        SocialSkills,
        "Er isoleret eller udsat for drillerier over tid",
    ),
    (
        Red,
        School,
        SecurityAndCare,
        "Har højt fravær eller fortæller om svære forhold hjemme",
    ),
    (
        Red,
        School,
        Participation,
        "Deltager ikke i undervisningen eller fællesskabet",
    ),
    (
        Red,
        School,
        SelfFeeling,
        "Udtrykker håbløshed, skam eller vedvarende vrede",
    ),
];
