import{a,b}from"./chunk-Y52XTRLG.js";import"./chunk-VRSCKKZI.js";import"./chunk-PDWZBYVV.js";import"./chunk-AE2JECOI.js";import"./chunk-JOXUSMBH.js";export{a as statusPage,b as trendLine};
