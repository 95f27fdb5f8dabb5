"""Country names as affiliation lines end with them, and finding one at the end of a string."""

from __future__ import annotations

# Curated data, not one pattern per country: English short names as publishers print
# them in affiliations, plus the variants they use ("USA", "UK", "The Netherlands").
COUNTRY_NAMES: frozenset[str] = frozenset(
    {
        "Afghanistan", "Albania", "Algeria", "Andorra", "Angola", "Argentina", "Armenia",
        "Australia", "Austria", "Azerbaijan", "Bahamas", "Bahrain", "Bangladesh", "Barbados",
        "Belarus", "Belgium", "Belize", "Benin", "Bhutan", "Bolivia", "Bosnia and Herzegovina",
        "Botswana", "Brazil", "Brunei", "Bulgaria", "Burkina Faso", "Burundi", "Cambodia",
        "Cameroon", "Canada", "Cape Verde", "Central African Republic", "Chad", "Chile", "China",
        "Colombia", "Comoros", "Congo", "Costa Rica", "Côte d'Ivoire", "Croatia", "Cuba", "Cyprus",
        "Czech Republic", "Czechia", "Democratic Republic of the Congo", "Denmark", "Djibouti",
        "Dominica", "Dominican Republic", "Ecuador", "Egypt", "El Salvador", "England",
        "Equatorial Guinea", "Eritrea", "Estonia", "Eswatini", "Ethiopia", "Fiji", "Finland",
        "France", "Gabon", "Gambia", "Georgia", "Germany", "Ghana", "Greece", "Grenada",
        "Guatemala", "Guinea", "Guinea-Bissau", "Guyana", "Haiti", "Honduras", "Hong Kong",
        "Hungary", "Iceland", "India", "Indonesia", "Iran", "Iraq", "Ireland", "Israel", "Italy",
        "Jamaica", "Japan", "Jordan", "Kazakhstan", "Kenya", "Korea", "Kosovo", "Kuwait",
        "Kyrgyzstan", "Laos", "Latvia", "Lebanon", "Lesotho", "Liberia", "Libya", "Liechtenstein",
        "Lithuania", "Luxembourg", "Macau", "Madagascar", "Malawi", "Malaysia", "Maldives", "Mali",
        "Malta", "Mauritania", "Mauritius", "Mexico", "Moldova", "Monaco", "Mongolia", "Montenegro",
        "Morocco", "Mozambique", "Myanmar", "Namibia", "Nepal", "Netherlands", "New Zealand",
        "Nicaragua", "Niger", "Nigeria", "North Macedonia", "Northern Ireland", "Norway", "Oman",
        "Pakistan", "Palestine", "Panama", "Papua New Guinea", "Paraguay", "People's Republic of China",
        "Peru", "Philippines", "Poland", "Portugal", "PR China", "Puerto Rico", "Qatar",
        "Republic of Korea", "Romania", "Russia", "Russian Federation", "Rwanda", "Samoa",
        "Saudi Arabia", "Scotland", "Senegal", "Serbia", "Seychelles", "Sierra Leone", "Singapore",
        "Slovakia", "Slovenia", "Somalia", "South Africa", "South Korea", "South Sudan", "Spain",
        "Sri Lanka", "Sudan", "Suriname", "Sweden", "Switzerland", "Syria", "Taiwan", "Tajikistan",
        "Tanzania", "Thailand", "The Netherlands", "Timor-Leste", "Togo", "Tonga",
        "Trinidad and Tobago", "Tunisia", "Turkey", "Türkiye", "Turkmenistan", "Uganda", "UK",
        "Ukraine", "United Arab Emirates", "United Kingdom", "United States",
        "United States of America", "Uruguay", "USA", "Uzbekistan", "Vanuatu", "Venezuela",
        "Vietnam", "Viet Nam", "Wales", "Yemen", "Zambia", "Zimbabwe",
    }
)

# Longest first, so "Papua New Guinea" wins over "Guinea" and "South Sudan" over "Sudan".
_BY_LENGTH: tuple[str, ...] = tuple(sorted(COUNTRY_NAMES, key=lambda name: (-len(name), name)))


def split_trailing_country(text: str) -> tuple[str, str]:
    """Split "Prairie Mountain HealthBrandonCanada" into ("Prairie Mountain HealthBrandon", "Canada").

    The country may be glued to the text before it (publisher pages drop the separators)
    or follow a space or comma; when no listed country ends the text, it comes back whole
    with an empty country.
    """
    stripped = text.rstrip(" ,.")
    for country in _BY_LENGTH:
        if not stripped.endswith(country):
            continue
        rest = stripped[: -len(country)]
        # "...Guinea" must not be read out of "...Sguinea"; a glued word starts upper-case.
        if rest and rest[-1].isalpha() and rest[-1].isupper() and country[0].isupper():
            continue
        return rest.rstrip(" ,"), country
    return stripped, ""
