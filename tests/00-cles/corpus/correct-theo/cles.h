/*
 * cles.h : constantes et formats de sortie du TP 0 (clés et moniteur IPC), donnés et complets.
 *
 * Les formats sont le contrat : le correcteur et les scripts lisent ces lignes telles quelles.
 */
#ifndef CLES_H
#define CLES_H

/* cle CHEMIN ID : bornes de ID (ftok n'en garde que les 8 bits de poids faible). */
#define ID_MIN 1
#define ID_MAX 255

/* Première ligne de « cle » : la clé, écrite comme ipcs l'écrit. */
#define FORMAT_CLE "0x%08x\n"

/*
 * Seconde ligne : les trois morceaux de la clé, du poids fort au poids faible, chacun suivi de
 * la valeur complète dont il vient : l'identifiant, st_dev et st_ino du fichier (stat(2)).
 */
#define FORMAT_COMPOSITION                                                                         \
	"id 0x%02x (ID %d) | périphérique 0x%02x (st_dev 0x%jx) | inode 0x%04x (st_ino %ju)\n"

/* moniteur [-1] [-i MS] : intervalle de rafraîchissement, en millisecondes. */
#define INTERVALLE_DEFAUT 500
#define INTERVALLE_MIN    10
#define INTERVALLE_MAX    60000

/* En direct, un changement reste mis en évidence pendant cette durée (millisecondes). */
#define TENUE_MS 2000

/* En-têtes des trois sections, dans l'ordre d'affichage ; suivis de « : N --- ». */
#define TITRE_FILES     "--- Files de messages"
#define TITRE_SEGMENTS  "--- Segments de mémoire partagée"
#define TITRE_ENSEMBLES "--- Ensembles de sémaphores"

#endif
